package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.events.WireFormat;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The bucket and profile stores are changelogged: after an upgrade they hold (and restore) values written by
 * the build before the ordered-products sketch. Such a value reads with its all-products sketch standing in.
 */
class BucketStateEvolutionTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final AppConfig CONFIG = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));

  @Test
  void shouldReadABucketOfTheBuildBeforeTheOrderedSketchWithAllProductsTouchedStandingIn() throws IOException {
    // Given the previous build's bucket schema registered for the store and a bucket it wrote: p0 ordered, p1 viewed
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Schema previous = previousBucketSchema(new Schema.Parser());
    int id = registry.register(Topics.storeSubject(CONFIG, Topics.BUCKET_SUBJECT_NAME), previous);
    GenericRecord old = oldBucket(previous, "p0", "p1");

    // When the current build reads it
    ActivityBucket read = Topics.from(CONFIG, registry).bucketSerde().deserializer()
        .deserialize("ppscore-user-day-buckets-changelog", WireFormat.frame(id, encode(previous, old)));

    // Then its ordered products are all the products it holds (the earlier build kept one set)
    assertThat(read.getOrderedProductSketch()).isNull();
    assertThat(new WindowStats(read).distinctOrderedProducts()).isEqualTo(2);

    // When an order of p2 and a view of p3 are added, and it is merged with a new bucket ordering p4
    Buckets.add(read, order("p2"));
    Buckets.add(read, view("p3"));
    ActivityBucket fresh = Buckets.add(Buckets.empty(T0), order("p4"));
    ActivityBucket merged = Buckets.merge(read, fresh);

    // Then from the upgrade on, only ordered products join its ordered sketch
    assertThat(new WindowStats(read).distinctOrderedProducts()).isEqualTo(3);
    assertThat(new WindowStats(read).distinctProducts()).isEqualTo(4);
    assertThat(new WindowStats(merged).distinctOrderedProducts()).isEqualTo(4);
    assertThat(new WindowStats(merged).distinctProducts()).isEqualTo(5);
  }

  @Test
  void shouldReadAProfileOfTheBuildBeforeTheOrderedSketch() throws IOException {
    // Given the previous build's profile schema (its lifetime the previous bucket) and a profile it wrote
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Schema.Parser parser = new Schema.Parser();
    Schema previousBucket = previousBucketSchema(parser);
    Schema previous = parser.parse(Path.of("schemas/state/UserProfile.avsc").toFile());
    int id = registry.register(Topics.storeSubject(CONFIG, Topics.PROFILE_SUBJECT_NAME), previous);
    GenericRecord old = new GenericRecordBuilder(previous).set("user_id", "u").set("lifetime", oldBucket(previousBucket, "p0"))
        .set("currency", "GBP").set("last_event_id", "e-1").set("last_event_time", T0.toEpochMilli()).build();

    // When the current build reads it
    UserProfile read = Topics.from(CONFIG, registry).profileSerde().deserializer()
        .deserialize("ppscore-user-profile-changelog", WireFormat.frame(id, encode(previous, old)));

    // Then the lifetime's ordered products fall back to the products it holds
    assertThat(read.getLastEventId()).isEqualTo("e-1");
    assertThat(read.getLifetime().getOrders()).isEqualTo(1);
    assertThat(new WindowStats(read.getLifetime()).distinctOrderedProducts()).isEqualTo(1);
  }

  private Schema previousBucketSchema(Schema.Parser parser) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("ActivityBucket-before-ordered-products.avsc")) {
      return parser.parse(in);
    }
  }

  private static GenericRecord oldBucket(Schema schema, String... products) {
    List<Long> sketch = new java.util.ArrayList<>();
    for (String p : products) {
      sketch = DistinctSketch.add(sketch, p);
    }
    return new GenericRecordBuilder(schema).set("first_seen", T0.toEpochMilli()).set("last_seen", T0.toEpochMilli())
        .set("events", (long) products.length).set("orders", 1L).set("gross_spend_e4", 100_000L)
        .set("first_order_time", T0.toEpochMilli()).set("last_order_time", T0.toEpochMilli())
        .set("product_sketch", new GenericData.Array<>(schema.getField("product_sketch").schema(), sketch))
        .build();
  }

  private static OrderEvent order(String product) {
    OrderLine line = OrderLine.newBuilder().setProductId(product).setTitle(product).setQuantity(1)
        .setUnitPrice(new BigDecimal("10.0000")).build();
    return OrderEvent.newBuilder().setEventId("o-" + product).setUserId("u").setEventTime(T0.plusSeconds(60))
        .setOrderId("o-" + product).setStatus(OrderStatus.PLACED).setLines(List.of(line))
        .setTotal(new BigDecimal("10.0000")).setCurrency("GBP").build();
  }

  private static ClickEvent view(String product) {
    return ClickEvent.newBuilder().setEventId("c-" + product).setUserId("u").setEventTime(T0.plusSeconds(120))
        .setType(ClickType.VIEW).setProductId(product).build();
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
