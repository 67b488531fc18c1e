package io.ppscore.topology;

import io.ppscore.features.TextProfile;
import io.ppscore.features.TextProfiles;
import io.ppscore.state.avro.UserTextProfile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

/**
 * Converts a user's {@link TextProfiles} to and from the {@link UserTextProfile} store value. Sums are
 * written packed ({@code *_sum_packed}: 8 bytes little-endian per dimension, one bulk copy) and read from
 * there, or from the Avro arrays of values written before the packed fields existed.
 */
final class TextProfileRecords {

  private TextProfileRecords() {
  }

  /**
   * The profiles in {@code stored}, or empty ones of {@code dimension} when there are none or they were
   * accumulated with another encoder or dimension (vectors of two embedding spaces must not be mixed; a
   * scoring run discards and counts a profile of another encoder: {@link ForeignEncoderProfiles}).
   */
  static TextProfiles restore(UserTextProfile stored, String encoderId, int dimension) {
    if (stored == null || !stored.getEncoderId().equals(encoderId)) {
      return TextProfiles.empty(dimension);
    }
    double[] bought = sum(stored.getBoughtSumPacked(), stored.getBoughtSum());
    double[] browsed = sum(stored.getBrowsedSumPacked(), stored.getBrowsedSum());
    if (bought.length != dimension || browsed.length != dimension) {
      return TextProfiles.empty(dimension);
    }
    return new TextProfiles(TextProfile.restore(bought, stored.getBoughtWeight()),
        TextProfile.restore(browsed, stored.getBrowsedWeight()));
  }

  static UserTextProfile toRecord(TextProfiles profiles, String encoderId, Instant updatedAt) {
    return UserTextProfile.newBuilder()
        .setEncoderId(encoderId)
        .setBoughtSumPacked(pack(profiles.bought().sum()))
        .setBoughtWeight(profiles.bought().weight())
        .setBrowsedSumPacked(pack(profiles.browsed().sum()))
        .setBrowsedWeight(profiles.browsed().weight())
        .setUpdatedAt(updatedAt)
        .build();
  }

  /**
   * The packed sum when there is one, else the array of an older value. A packed sum whose length is not a
   * whole number of doubles reads as no dimensions, so the caller starts the profiles afresh.
   */
  private static double[] sum(ByteBuffer packed, List<Double> array) {
    if (packed.remaining() == 0) {
      double[] values = new double[array.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = array.get(i);
      }
      return values;
    }
    if (packed.remaining() % Double.BYTES != 0) {
      return new double[0];
    }
    double[] values = new double[packed.remaining() / Double.BYTES];
    packed.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  private static ByteBuffer pack(double[] values) {
    ByteBuffer packed = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    packed.asDoubleBuffer().put(values);
    return packed;
  }
}
