package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLayoutGuardTest {

  private static final Map<String, Duration> RETENTIONS = Map.of(
      "user-activity-day", Duration.ofDays(368), "event-id-dedup", Duration.ofDays(3));

  @TempDir
  Path appStateDir;

  private final AtomicInteger cleanUps = new AtomicInteger();

  @Test
  void shouldRecordTheRetentionsWithoutWipingWhenThereIsNoLocalStateYet() {
    // When
    boolean wiped = StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);

    // Then
    assertThat(wiped).isFalse();
    assertThat(cleanUps).hasValue(0);
    assertThat(appStateDir.resolve(StoreLayoutGuard.FILE)).exists();
  }

  @Test
  void shouldKeepLocalStateWrittenWithTheSameRetentions() throws IOException {
    // Given local state written by an instance with the same retentions
    StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);
    Files.createDirectories(appStateDir.resolve("0_1"));

    // When it starts again
    boolean wiped = StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);

    // Then
    assertThat(wiped).isFalse();
    assertThat(cleanUps).hasValue(0);
  }

  @Test
  void shouldWipeLocalStateWrittenWithOtherRetentionsAndRecordTheNewOnes() throws IOException {
    // Given local state written with a day store kept one day less (a smaller grace period, say)
    StoreLayoutGuard.apply(appStateDir, Map.of("user-activity-day", Duration.ofDays(367),
        "event-id-dedup", Duration.ofDays(3)), cleanUps::incrementAndGet);
    Files.createDirectories(appStateDir.resolve("0_1"));

    // When an instance with the new retentions starts, then starts again
    boolean wiped = StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);
    boolean wipedAgain = StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);

    // Then it wiped once, and the record now holds the new retentions
    assertThat(wiped).isTrue();
    assertThat(wipedAgain).isFalse();
    assertThat(cleanUps).hasValue(1);
    assertThat(Files.readString(appStateDir.resolve(StoreLayoutGuard.FILE)))
        .contains("user-activity-day=" + Duration.ofDays(368).toMillis());
  }

  @Test
  void shouldWipeLocalStateThatHasNoRecordOfItsRetentions() throws IOException {
    // Given task state written by a build that kept no record
    Files.createDirectories(appStateDir.resolve("1_0"));

    // When
    boolean wiped = StoreLayoutGuard.apply(appStateDir, RETENTIONS, cleanUps::incrementAndGet);

    // Then
    assertThat(wiped).isTrue();
    assertThat(cleanUps).hasValue(1);
  }
}
