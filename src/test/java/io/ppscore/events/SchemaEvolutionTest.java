package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.TextKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  /** ClickEvent as a newer producer has it: one more optional field, with a default. */
  private static final String NEWER_CLICK_EVENT = """
      {"type": "record", "name": "ClickEvent", "namespace": "io.ppscore.events.avro", "fields": [
        {"name": "event_id", "type": "string"},
        {"name": "user_id", "type": "string"},
        {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "type", "type": {"type": "enum", "name": "ClickType", "symbols": ["VIEW", "SEARCH"], "default": "VIEW"}},
        {"name": "session_id", "type": ["null", "string"], "default": null},
        {"name": "product_id", "type": ["null", "string"], "default": null},
        {"name": "title", "type": ["null", "string"], "default": null},
        {"name": "category", "type": ["null", "string"], "default": null},
        {"name": "brand", "type": ["null", "string"], "default": null},
        {"name": "price", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}], "default": null},
        {"name": "currency", "type": ["null", "string"], "default": null},
        {"name": "search_text", "type": ["null", "string"], "default": null},
        {"name": "referrer", "type": ["null", "string"], "default": null}
      ]}""";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<ClickEvent> clicks = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());

  @Test
  void shouldReadRecordOfNewerProducerKeepingAllOriginalFields() {
    // Given: the app's schema is registered, then a newer producer registers its schema and writes
    registry.register("clicks-value", ClickEvent.getClassSchema());
    Schema newer = new Schema.Parser().parse(NEWER_CLICK_EVENT);
    int newerId = registry.register("clicks-value", newer);
    GenericRecord written = new GenericData.Record(newer);
    written.put("event_id", "e-1");
    written.put("user_id", "u-42");
    written.put("event_time", SampleEvents.TIME.toEpochMilli());
    written.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "SEARCH"));
    written.put("price", decimalBytes(newer, "249.9900"));
    written.put("search_text", "espresso");
    written.put("referrer", "newsletter");

    // When
    ClickEvent read = clicks.deserializer().deserialize("clicks", WireFormat.frame(newerId, encode(newer, written)));

    // Then
    assertThat(read.getEventId()).isEqualTo("e-1");
    assertThat(read.getUserId()).isEqualTo("u-42");
    assertThat(read.getEventTime()).isEqualTo(SampleEvents.TIME);
    assertThat(read.getType()).isEqualTo(ClickType.SEARCH);
    assertThat(read.getPrice()).isEqualByComparingTo("249.99");
    assertThat(read.getSearchText()).isEqualTo("espresso");
    assertThat(read.getSessionId()).isNull();
  }

  @Test
  void shouldFillDefaultWhenOlderProducerOmitsOptionalField() {
    // Given: an older producer whose OrderEvent has no currency field (today's default: "GBP")
    Schema older = without(OrderEvent.getClassSchema(), "currency");
    int olderId = registry.register("orders-value", older);
    AvroSerde<OrderEvent> orders = AvroSerde.forValues(OrderEvent.class, registry, SerdeOptions.autoRegistering());
    OrderEvent order = SampleEvents.order();
    byte[] olderBody = project(orders.serializer().serialize("scratch", order), OrderEvent.getClassSchema(), older);

    // When
    OrderEvent read = orders.deserializer().deserialize("orders", WireFormat.frame(olderId, olderBody));

    // Then
    assertThat(read.getCurrency()).isEqualTo("GBP");
    assertThat(read.getOrderId()).isEqualTo(order.getOrderId());
    assertThat(read.getLines()).isEqualTo(order.getLines());
    assertThat(read.getTotal()).isEqualByComparingTo(order.getTotal());
  }

  @Test
  void shouldFillNullDefaultWhenOlderClickProducerOmitsSearchText() {
    // Given
    Schema older = without(ClickEvent.getClassSchema(), "search_text");
    int olderId = registry.register("clicks-value", older);
    ClickEvent click = SampleEvents.click();
    byte[] olderBody = project(clicks.serializer().serialize("scratch", click), ClickEvent.getClassSchema(), older);

    // When
    ClickEvent read = clicks.deserializer().deserialize("clicks", WireFormat.frame(olderId, olderBody));

    // Then
    assertThat(read).isEqualTo(click);
    assertThat(read.getSearchText()).isNull();
  }

  @Test
  void shouldWriteWithLatestSchemaWhenUseLatestIsOn() throws IOException {
    // Given: CI registered the newer schema as latest; the app only writes with it
    registry.register("clicks-value", ClickEvent.getClassSchema());
    Schema newer = new Schema.Parser().parse(NEWER_CLICK_EVENT);
    int newerId = registry.register("clicks-value", newer);
    AvroSerde<ClickEvent> latest = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.latestVersion());

    // When
    byte[] bytes = latest.serializer().serialize("clicks", SampleEvents.click());

    // Then: the id is the newer one and the body is valid binary of the newer schema
    WireFormat.Frame frame = WireFormat.parse(bytes);
    assertThat(frame.schemaId()).isEqualTo(newerId);
    GenericRecord asNewer = new GenericDatumReader<GenericRecord>(newer)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, frame.bodyOffset(), frame.bodyLength(), null));
    assertThat(asNewer.get("referrer")).isNull();
    assertThat(asNewer.get("title")).hasToString("Espresso machine");
    assertThat(clicks.deserializer().deserialize("clicks", bytes)).isEqualTo(SampleEvents.click());
  }

  @Test
  void shouldReadADirtyUserEntryWrittenBeforeTheRefreshFieldAsAnEventsEntry() {
    // Given: a scoring-dirty-users value as a build before the stale-score refresh wrote it (no refresh field)
    AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));
    Schema older = without(ScoringDirtyUser.getClassSchema(), "refresh");
    int olderId = registry.register(Topics.storeSubject(config, Topics.DIRTY_USER_SUBJECT_NAME), older);
    AvroSerde<ScoringDirtyUser> dirtyUsers = Topics.from(config, registry).dirtyUserSerde();
    ScoringDirtyUser entry = new ScoringDirtyUser("e-1", SampleEvents.TIME,
        List.of(new PendingText("lamp", TextKind.BROWSED, 1.0)), 0L, SampleEvents.TIME, false);
    byte[] olderBody = project(dirtyUsers.serializer().serialize("scratch", entry), ScoringDirtyUser.getClassSchema(), older);

    // When the current build reads it from the store
    ScoringDirtyUser read = dirtyUsers.deserializer().deserialize("ppscore-scoring-dirty-users-changelog",
        WireFormat.frame(olderId, olderBody));

    // Then it is the event's entry it was: refresh false
    assertThat(read).isEqualTo(entry);
    assertThat(read.getRefresh()).isFalse();
  }

  private static Schema without(Schema schema, String fieldName) {
    List<Schema.Field> fields = schema.getFields().stream()
        .filter(f -> !f.name().equals(fieldName))
        .map(f -> new Schema.Field(f, f.schema()))
        .collect(Collectors.toList());
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /** A current-schema frame rewritten as binary of {@code to}, as the older producer would have written it. */
  private static byte[] project(byte[] currentFrame, Schema from, Schema to) {
    WireFormat.Frame frame = WireFormat.parse(currentFrame);
    byte[] body = new byte[frame.bodyLength()];
    frame.body().get(body);
    return new SchemaProjection(from, to).project(body);
  }

  private static byte[] encode(Schema schema, GenericRecord record) {
    return AvroSerializer.encode(new GenericDatumWriter<>(schema), record);
  }

  private static ByteBuffer decimalBytes(Schema schema, String value) {
    Schema decimal = schema.getField("price").schema().getTypes().get(1);
    return new Conversions.DecimalConversion().toBytes(new BigDecimal(value), decimal, LogicalTypes.fromSchema(decimal));
  }
}
