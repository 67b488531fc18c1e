package io.ppscore.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.events.WireFormat;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.RiskScorePoint;
import io.ppscore.state.avro.UserRiskState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The user-risk-state store is changelogged: after an upgrade it holds (and restores) values written by the
 * previous build. Its serde reads any writer schema the registry knows, so the new fields must have defaults.
 */
class RiskStateEvolutionTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void shouldReadAValueOfTheBuildBeforeScorePointsHadAModelVersion() throws IOException {
    // Given the previous build's schema registered for the store and a value it wrote: one score of 80
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));
    Schema.Parser parser = new Schema.Parser();
    parser.parse(RiskFlag.getClassSchema().toString());
    Schema previous;
    try (InputStream in = getClass().getResourceAsStream("UserRiskState-before-model-version.avsc")) {
      previous = parser.parse(in);
    }
    int id = registry.register(Topics.storeSubject(config, Topics.RISK_STATE_SUBJECT_NAME), previous);
    Schema pointSchema = previous.getField("scores").schema().getElementType();
    GenericRecord point = new GenericData.Record(pointSchema);
    point.put("time", T0.toEpochMilli());
    point.put("score", 80.0);
    GenericRecord old = new GenericData.Record(previous);
    old.put("last_event_id", "e-1");
    old.put("rules", List.of());
    old.put("order_values_e4", List.of(1_000_000L));
    old.put("scores", List.of(point));
    old.put("recent_flags", List.of());

    // When the current build reads it
    UserRiskState read = Topics.from(config, registry).riskStateSerde().deserializer()
        .deserialize("ppscore-user-risk-state-changelog", WireFormat.frame(id, encode(previous, old)));

    // Then every field is there and the point's model is unknown
    assertThat(read.getLastEventId()).isEqualTo("e-1");
    assertThat(read.getOrderValuesE4()).containsExactly(1_000_000L);
    assertThat(read.getScores()).containsExactly(new RiskScorePoint(T0, 80.0, null));

    // When a score of 45 from a known model follows, 35 points lower
    List<RiskFlag> flags = new RiskEngine(RiskSettings.defaults(), "test").onScore(score(45.0), "GBP", read,
        T0.plus(java.time.Duration.ofDays(1)));

    // Then it is not compared with a score of unknown model, which is dropped
    assertThat(flags).isEmpty();
    assertThat(read.getScores()).extracting(RiskScorePoint::getModelVersion).containsExactly("m-1");
  }

  @Test
  void shouldKeepTheModelVersionOfAWrittenStateWhenTheSubjectsLatestVersionIsThePreviousBuilds() throws IOException {
    // Given use.latest.version, the current schema registered and then the previous build's as the latest
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test",
        AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG, "false", AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG, "true"));
    Schema.Parser parser = new Schema.Parser();
    parser.parse(RiskFlag.getClassSchema().toString());
    Schema previous;
    try (InputStream in = getClass().getResourceAsStream("UserRiskState-before-model-version.avsc")) {
      previous = parser.parse(in);
    }
    String subject = Topics.storeSubject(config, Topics.RISK_STATE_SUBJECT_NAME);
    registry.register(subject, UserRiskState.getClassSchema());
    registry.register(subject, previous);
    var serde = Topics.from(config, registry).riskStateSerde();
    UserRiskState state = RiskEngine.emptyMemory();
    state.getScores().add(new RiskScorePoint(T0, 80.0, "m-1"));

    // When the store writes and reads it back
    UserRiskState read = serde.deserializer().deserialize("ppscore-user-risk-state-changelog",
        serde.serializer().serialize("ppscore-user-risk-state-changelog", state));

    // Then the point keeps its model: internal data is written with its own schema, not converted to the
    // latest version (which dropped the field, so score collapse never matched a point again)
    assertThat(read.getScores()).containsExactly(new RiskScorePoint(T0, 80.0, "m-1"));
  }

  private static UserScore score(double score) {
    return UserScore.newBuilder().setUserId("u").setScore(score).setTier("LOW")
        .setPredictedSpend30d(new BigDecimal("1.0000")).setPredictedSpend90d(new BigDecimal("3.0000"))
        .setPPurchase90d(0.5).setCurrency("GBP").setModelVersion("m-1").setEncoderId(null).setReasonCodes(List.of())
        .setTriggeringEventId("e-2").setTriggeringEventTime(T0.plusSeconds(3_600)).setComputedAt(T0.plusSeconds(3_600))
        .build();
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
