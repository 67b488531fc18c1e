package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.TextKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
  void shouldReadRecordsOfProducerThatMadeUserIdNullable() {
    // Given: a producer registered user_id as ["null","string"] (BACKWARD compatible, e.g. for guest orders)
    Schema nullable = nullableUserId(ClickEvent.getClassSchema());
    int id = registry.register("clicks-value", nullable);

    // When
    ClickEvent read = clicks.deserializer().deserialize("clicks", WireFormat.frame(id, encode(nullable, click(nullable, "u-42"))));

    // Then
    assertThat(read.getUserId()).isEqualTo("u-42");
    assertThat(read.getType()).isEqualTo(ClickType.VIEW);
  }

  @Test
  void shouldRouteOnlyTheRecordWhoseNullableUserIdIsNullToMissingUserId() {
    // Given
    Schema nullable = nullableUserId(ClickEvent.getClassSchema());
    int id = registry.register("clicks-value", nullable);
    byte[] guest = WireFormat.frame(id, encode(nullable, click(nullable, null)));
    byte[] known = WireFormat.frame(id, encode(nullable, click(nullable, "u-7")));

    // When / Then: the guest's record is dead-lettered, the next record of the same schema is read
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", guest))
        .withMessageContaining("user_id is missing")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MISSING_USER_ID));
    assertThat(clicks.deserializer().deserialize("clicks", known).getUserId()).isEqualTo("u-7");
  }

  @Test
  void shouldReadRecordsOfProducerInItsOwnNamespaceThatMadeUserIdNullable() {
    // Given: the producer's schema has its own namespace (its ClickType enum too) and a nullable user_id
    Schema foreign = new Schema.Parser().parse(nullableUserId(ClickEvent.getClassSchema()).toString()
        .replace("\"namespace\":\"io.ppscore.events.avro\"", "\"namespace\":\"com.shop\""));
    assertThat(foreign.getFullName()).isEqualTo("com.shop.ClickEvent");
    int id = registry.register("clicks-value", foreign);

    // When / Then: read record by record, as in the reader's namespace; only the guest's record is refused
    assertThat(clicks.deserializer().deserialize("clicks", WireFormat.frame(id, encode(foreign, click(foreign, "u-42"))))
        .getUserId()).isEqualTo("u-42");
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", WireFormat.frame(id, encode(foreign, click(foreign, null)))))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MISSING_USER_ID));
  }

  @Test
  void shouldRouteNullInNestedRequiredFieldToInvalidFieldNamingIt() {
    // Given: a producer made the order line's product_id nullable, and the second line has none
    Schema writer = new Schema.Parser().parse(OrderEvent.getClassSchema().toString().replace(
        "\"name\":\"product_id\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
        "\"name\":\"product_id\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}]"));
    int id = registry.register("orders-value", writer);
    AvroSerde<OrderEvent> orders = AvroSerde.forValues(OrderEvent.class, registry, SerdeOptions.autoRegistering());
    GenericRecord order = new GenericData.Record(writer);
    order.put("event_id", "e-3");
    order.put("user_id", "u-42");
    order.put("event_time", SampleEvents.TIME.toEpochMilli());
    order.put("order_id", "o-1");
    order.put("status", new GenericData.EnumSymbol(writer.getField("status").schema(), "PLACED"));
    Schema lineSchema = writer.getField("lines").schema().getElementType();
    order.put("lines", List.of(line(lineSchema, "p-9"), line(lineSchema, null)));
    order.put("total", decimal(writer.getField("total").schema(), "1"));
    order.put("currency", "GBP");

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> orders.deserializer().deserialize("orders", WireFormat.frame(id, encode(writer, order))))
        .withMessageContaining("lines[1].product_id holds null")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD));
  }

  @Test
  void shouldStillRouteWriterWhoseFieldHasNoReadableBranchToSchemaMismatch() {
    // Given: user_id as ["null","int"]: no record of this writer could be read
    Schema writer = new Schema.Parser().parse(ClickEvent.getClassSchema().toString().replaceFirst(
        "\\{\"name\":\"user_id\",\"type\":\\{\"type\":\"string\",\"avro.java.string\":\"String\"\\}",
        "{\"name\":\"user_id\",\"type\":[\"null\",\"int\"]"));
    int id = registry.register("other-value", writer);
    GenericRecord click = click(writer, null);
    click.put("user_id", 42);

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", WireFormat.frame(id, encode(writer, click))))
        .withMessageContaining("/fields/1")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
  }

  @Test
  void shouldReadOrderStatusANewerProducerAddedAsUnknownAndRejectItRatherThanCountItAsPlaced() {
    // Given: a producer added CHARGEBACK to OrderStatus (BACKWARD compatible) and sends a chargeback
    Schema newer = withEnumSymbols(OrderEvent.getClassSchema(), "OrderStatus", "PLACED", "CANCELLED", "REFUNDED", "CHARGEBACK");
    int id = registry.register("orders-value", newer);
    AvroSerde<OrderEvent> orders = AvroSerde.forValues(OrderEvent.class, registry, SerdeOptions.autoRegistering());
    GenericRecord chargeback = asGeneric(orders.serializer().serialize("scratch", SampleEvents.order()), OrderEvent.getClassSchema());
    chargeback.put("status", new GenericData.EnumSymbol(newer.getField("status").schema(), "CHARGEBACK"));

    // When
    OrderEvent read = orders.deserializer().deserialize("orders", WireFormat.frame(id, encode(newer, chargeback)));

    // Then: not a purchase (the old default, PLACED), but a record for the dead-letter topic
    assertThat(read.getStatus()).isEqualTo(OrderStatus.UNKNOWN);
    assertThat(new EventValidator(ValidationLimits.from(new AppConfig(Map.of()))).validate(read, SampleEvents.TIME))
        .hasValueSatisfying(v -> assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD));
  }

  /** {@code schema} with the enum {@code name}'s symbols replaced by {@code symbols}, the first the default. */
  static Schema withEnumSymbols(Schema schema, String name, String... symbols) {
    String list = Arrays.stream(symbols).map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
    Schema changed = new Schema.Parser().parse(schema.toString().replaceFirst(
        "(\"name\":\"" + name + "\".*?\"symbols\":)\\[[^\\]]*\\](,\"default\":\")[A-Z]+\"",
        "$1" + list + "$2" + symbols[0] + "\""));
    assertThat(changed).isNotEqualTo(schema);
    return changed;
  }

  private static GenericRecord asGeneric(byte[] frameBytes, Schema schema) {
    WireFormat.Frame frame = WireFormat.parse(frameBytes);
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(frameBytes, frame.bodyOffset(), frame.bodyLength(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code schema} with its user_id as ["null","string"]. */
  static Schema nullableUserId(Schema schema) {
    Schema nullable = new Schema.Parser().parse(schema.toString().replaceFirst(
        "\\{\"name\":\"user_id\",\"type\":\\{\"type\":\"string\",\"avro.java.string\":\"String\"\\}",
        "{\"name\":\"user_id\",\"type\":[\"null\",\"string\"]"));
    assertThat(nullable.getField("user_id").schema().isNullable()).isTrue();
    return nullable;
  }

  private static GenericRecord click(Schema schema, String userId) {
    GenericRecord click = new GenericData.Record(schema);
    click.put("event_id", "e-1");
    click.put("user_id", userId);
    click.put("event_time", SampleEvents.TIME.toEpochMilli());
    click.put("type", new GenericData.EnumSymbol(schema.getField("type").schema(), "VIEW"));
    return click;
  }

  private static GenericRecord line(Schema schema, String productId) {
    GenericRecord line = new GenericData.Record(schema);
    line.put("product_id", productId);
    line.put("quantity", 1);
    line.put("unit_price", decimal(schema.getField("unit_price").schema(), "1"));
    return line;
  }

  private static ByteBuffer decimal(Schema decimal, String value) {
    return new Conversions.DecimalConversion().toBytes(new BigDecimal(value), decimal, LogicalTypes.fromSchema(decimal));
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
