package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogIdsTest {

  @AfterEach
  void restoreDefault() {
    LogIds.configure(LogIds.Mode.HASHED, "");
  }

  @Test
  void shouldLogAShortStableSaltedHashByDefault() {
    // Given the default mode with a deployment salt
    LogIds.configure("hashed", "pepper-1");

    // When
    String first = LogIds.of("alice@example.com");
    String again = LogIds.of("alice@example.com");

    // Then the same user always gives the same hash, without the id in it
    assertThat(first).matches("u:[0-9a-f]{12}").isEqualTo(again).doesNotContain("alice");
    assertThat(LogIds.of("bob@example.com")).isNotEqualTo(first);
  }

  @Test
  void shouldGiveDifferentHashesUnderDifferentSalts() {
    LogIds.configure("hashed", "pepper-1");
    String one = LogIds.of("alice@example.com");
    LogIds.configure("hashed", "pepper-2");

    assertThat(LogIds.of("alice@example.com")).isNotEqualTo(one);
  }

  @Test
  void shouldLogThePlainIdWhenConfiguredPlain() {
    LogIds.configure("plain", "ignored");

    assertThat(LogIds.of("alice@example.com")).isEqualTo("alice@example.com");
    assertThat(LogIds.path("/v1/users/alice/score")).isEqualTo("/v1/users/alice/score");
  }

  @Test
  void shouldHashTheUserSegmentOfAPath() {
    LogIds.configure("hashed", "s");

    String path = LogIds.path("/v1/admin/users/alice@example.com/erasure");

    assertThat(path).isEqualTo("/v1/admin/users/" + LogIds.of("alice@example.com") + "/erasure").doesNotContain("alice");
    assertThat(LogIds.path("/health/ready")).isEqualTo("/health/ready");
  }

  /** A log statement naming a user must go through LogIds (a new one that does not fails here). */
  @Test
  void shouldRouteEveryLoggedUserIdThroughLogIds() throws IOException {
    Pattern logCall = Pattern.compile("\\b(LOG|log)\\.(trace|debug|info|warn|error)\\(");
    Pattern namesUser = Pattern.compile("(?i)user \\{\\}|userId\\(\\)|\\buserId\\b|entry\\.key");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String statement = lines.get(i) + (i + 1 < lines.size() ? lines.get(i + 1) : "");
          if (logCall.matcher(lines.get(i)).find() && namesUser.matcher(statement).find() && !statement.contains("LogIds.")) {
            offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
