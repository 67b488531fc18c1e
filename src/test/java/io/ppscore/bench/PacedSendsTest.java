package io.ppscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedSendsTest {

  @Test
  void shouldNotLetAScoreCoverALaterEventOfTheSameUserSentInTheSameMillisecond() {
    // Given a catch-up burst: two events of u and one of v sent at 1,000 ms
    PacedSends sends = new PacedSends();
    long firstStamp = sends.record("u", 1_000);
    long secondStamp = sends.record("u", 1_000);
    long otherStamp = sends.record("v", 1_000);

    // When a score of u triggered by its first event is visible
    List<Long> covered = new ArrayList<>();
    int taken = sends.takeUpTo("u", firstStamp, covered::add);

    // Then the events are stamped 1,000 and 1,001 (v's 1,000), and the score covers the first one only,
    // handing out its send time
    assertThat(List.of(firstStamp, secondStamp, otherStamp)).containsExactly(1_000L, 1_001L, 1_000L);
    assertThat(taken).isEqualTo(1);
    assertThat(covered).containsExactly(1_000L);
    assertThat(sends.pending()).isEqualTo(2);

    // and the second one is covered by its own score, measured from its send time, not its stamp
    covered.clear();
    sends.takeUpTo("u", secondStamp, covered::add);
    assertThat(covered).containsExactly(1_000L);
  }

  @Test
  void shouldStampWithTheSendTimeWhenItIsLaterThanTheUsersLastStamp() {
    // Given
    PacedSends sends = new PacedSends();
    sends.record("u", 1_000);
    sends.record("u", 1_000);

    // When
    long stamp = sends.record("u", 1_500);

    // Then
    assertThat(stamp).isEqualTo(1_500);
  }
}
