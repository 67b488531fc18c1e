package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

  private static final Instant AS_OF = Instant.parse("2011-06-10T12:34:56.789Z");

  @Test
  void shouldStartOneHourWindowAtTheFiftyNinthMinuteBucketBefore() {
    assertThat(Window.H1.lastBucket(AS_OF)).isEqualTo(Instant.parse("2011-06-10T12:34:00Z"));
    assertThat(Window.H1.firstBucket(AS_OF)).isEqualTo(Instant.parse("2011-06-10T11:35:00Z"));
  }

  @Test
  void shouldCoverTheCurrentDayAndTheSixBeforeInSevenDayWindow() {
    assertThat(Window.D7.firstBucket(AS_OF)).isEqualTo(Instant.parse("2011-06-04T00:00:00Z"));
    assertThat(Window.D7.lastBucket(AS_OF)).isEqualTo(Instant.parse("2011-06-10T00:00:00Z"));
    assertThat(Window.D365.firstBucket(AS_OF)).isEqualTo(Instant.parse("2010-06-11T00:00:00Z"));
  }

  @Test
  void shouldCoverTheSameSeasonOneYearEarlierInLastYearWindows() {
    assertThat(Window.NEXT90_LAST_YEAR.firstBucket(AS_OF)).isEqualTo(Instant.parse("2010-06-10T00:00:00Z"));
    assertThat(Window.NEXT90_LAST_YEAR.lastBucket(AS_OF)).isEqualTo(Instant.parse("2010-09-07T00:00:00Z"));
    assertThat(Window.NEXT30_LAST_YEAR.lastBucket(AS_OF)).isEqualTo(Instant.parse("2010-07-09T00:00:00Z"));
  }

  @Test
  void shouldCallOnlyTheWindowsEndingWithTheReferenceBucketTrailing() {
    for (Window window : Window.values()) {
      boolean endsAtReference = window != Window.LIFETIME
          && window.lastBucket(AS_OF).equals(window.granularity().bucketStart(AS_OF));
      assertThat(window.trailing()).as(window.label()).isEqualTo(endsAtReference);
    }
    assertThat(Window.D90.trailing()).isTrue();
    assertThat(Window.NEXT90_LAST_YEAR.trailing()).isFalse();
  }

  @Test
  void shouldAlignBucketsBeforeTheEpochDownwards() {
    assertThat(Granularity.DAY.bucketStart(-1L)).isEqualTo(-Duration.ofDays(1).toMillis());
  }

  @Test
  void shouldRetainBucketsForTheLongestWindowPlusGracePlusOneBucket() {
    assertThat(Granularity.MINUTE.retention(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(181));
    assertThat(Granularity.DAY.retention(Duration.ZERO)).isEqualTo(Duration.ofDays(366));
  }
}
