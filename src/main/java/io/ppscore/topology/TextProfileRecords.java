package io.ppscore.topology;

import io.ppscore.features.TextProfile;
import io.ppscore.features.TextProfiles;
import io.ppscore.state.avro.UserTextProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Converts a user's {@link TextProfiles} to and from the {@link UserTextProfile} store value. */
final class TextProfileRecords {

  private TextProfileRecords() {
  }

  /**
   * The profiles in {@code stored}, or empty ones of {@code dimension} when there are none or they were
   * accumulated with another encoder or dimension (vectors of two embedding spaces must not be mixed).
   */
  static TextProfiles restore(UserTextProfile stored, String encoderId, int dimension) {
    if (stored == null || !stored.getEncoderId().equals(encoderId) || stored.getBoughtSum().size() != dimension
        || stored.getBrowsedSum().size() != dimension) {
      return TextProfiles.empty(dimension);
    }
    return new TextProfiles(TextProfile.restore(toArray(stored.getBoughtSum()), stored.getBoughtWeight()),
        TextProfile.restore(toArray(stored.getBrowsedSum()), stored.getBrowsedWeight()));
  }

  static UserTextProfile toRecord(TextProfiles profiles, String encoderId, Instant updatedAt) {
    return new UserTextProfile(encoderId, toList(profiles.bought().sum()), profiles.bought().weight(),
        toList(profiles.browsed().sum()), profiles.browsed().weight(), updatedAt);
  }

  private static double[] toArray(List<Double> values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return list;
  }
}
