package io.ppscore.query;

import static io.ppscore.query.TestHttp.get;
import static io.ppscore.query.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
import io.ppscore.risk.RiskEngine;
import io.ppscore.risk.RiskFlags;
import io.ppscore.state.avro.RiskRuleMemory;
import io.ppscore.state.avro.UserRiskState;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/users/{id}/flags} and the {@code activeFlags} of {@code GET /v1/users/{id}}. */
class FlagsEndpointTest {

  private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
  private static final Duration COOLDOWN = Duration.ofHours(24);

  private final FakeReader reader = new FakeReader().with("alice", Map.of("userId", "alice"));
  private final List<RiskFlag> aliceFlags = List.of(
      flag("velocity", "o1", NOW.minus(Duration.ofDays(3)), RiskSeverity.LOW),
      flag("velocity", "o2", NOW.minus(Duration.ofHours(2)), RiskSeverity.MEDIUM),
      flag("spend-spike", "o3", NOW.minus(Duration.ofHours(25)), RiskSeverity.HIGH));
  private HttpApi api;

  @BeforeEach
  void startApi() {
    RiskFlagReader flags = new RiskFlagReader() {
      @Override
      public List<Map<String, Object>> recent(String userId) {
        return RiskFlags.newestFirst(flagsOf(userId)).stream().map(RiskFlags::toJson).toList();
      }

      @Override
      public List<Map<String, Object>> active(String userId, Instant asOf) {
        UserRiskState state = RiskEngine.emptyMemory();
        state.setRecentFlags(new ArrayList<>(flagsOf(userId)));
        // the rules' memory as the engine leaves it: per rule its latest flag's time and severity
        for (RiskFlag f : flagsOf(userId)) {
          state.getRules().removeIf(r -> r.getRuleId().equals(f.getRuleId()));
          state.getRules().add(new RiskRuleMemory(f.getRuleId(), f.getTriggeringEventTime(), f.getSeverity()));
        }
        return RiskFlags.active(state, asOf, COOLDOWN).stream().map(RiskFlags::toJson).toList();
      }
    };
    api = HttpApi.builder().host("localhost").port(0)
        .locator(userId -> Location.local())
        .reader(reader)
        .flags(flags)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .readiness(() -> true)
        .build().start();
  }

  private List<RiskFlag> flagsOf(String userId) {
    return userId.equals("alice") ? aliceFlags : List.of();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldListRecentFlagsNewestFirst() {
    HttpResponse<String> response = get(api.port(), "/v1/users/alice/flags");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = json(response);
    assertThat(body).containsEntry("userId", "alice");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> flags = (List<Map<String, Object>>) body.get("flags");
    assertThat(flags).extracting(f -> f.get("triggeringEventId")).containsExactly("o2", "o3", "o1");
    assertThat(flags.get(0)).containsEntry("ruleId", "velocity").containsEntry("severity", "MEDIUM")
        .containsEntry("triggeringEventTime", NOW.minus(Duration.ofHours(2)).toString());
  }

  @Test
  void shouldAnswerAnEmptyListForAUserNeverFlagged() {
    HttpResponse<String> response = get(api.port(), "/v1/users/bob/flags");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(Map.of("userId", "bob", "flags", List.of()));
  }

  @Test
  void shouldShowOnlyFlagsWhoseCooldownRunsAsActive() {
    // the spend spike is 25 h old (cooldown 24 h), the first velocity flag is superseded by the second
    HttpResponse<String> response = get(api.port(), "/v1/users/alice");

    assertThat(response.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> active = (List<Map<String, Object>>) json(response).get("activeFlags");
    assertThat(active).extracting(f -> f.get("triggeringEventId")).containsExactly("o2");
  }

  @Test
  void shouldJudgeActiveFlagsAsOfTheRequestedTime() {
    // a day earlier the spend spike (1 h old then) was active and the second velocity flag not yet raised
    HttpResponse<String> response = get(api.port(), "/v1/users/alice?asOf=" + NOW.minus(Duration.ofDays(1)));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> active = (List<Map<String, Object>>) json(response).get("activeFlags");
    assertThat(active).extracting(f -> f.get("triggeringEventId")).containsExactly("o3");
  }

  private static RiskFlag flag(String rule, String eventId, Instant at, RiskSeverity severity) {
    return RiskFlag.newBuilder().setFlagId("alice:" + rule + ":" + eventId).setUserId("alice").setRuleId(rule)
        .setSeverity(severity).setSummary(rule + " on " + eventId).setEvidence(List.of()).setOrderValue(null)
        .setCurrency("GBP").setTriggeringEventId(eventId).setTriggeringEventTime(at).setAppVersion("test")
        .setModelVersion(null).build();
  }
}
