package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<ClickEvent> clicks = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());
  private final AvroSerde<OrderEvent> orders = AvroSerde.forValues(OrderEvent.class, registry, SerdeOptions.autoRegistering());

  @Test
  void shouldRoundTripClickEvent() {
    // Given
    ClickEvent click = SampleEvents.click();

    // When
    ClickEvent read = clicks.deserializer().deserialize("clicks", clicks.serializer().serialize("clicks", click));

    // Then
    assertThat(read).isEqualTo(click);
  }

  @Test
  void shouldRoundTripCartEvent() {
    // Given
    AvroSerde<CartEvent> carts = AvroSerde.forValues(CartEvent.class, registry, SerdeOptions.autoRegistering());
    CartEvent cart = SampleEvents.cart();

    // When
    CartEvent read = carts.deserializer().deserialize("carts", carts.serializer().serialize("carts", cart));

    // Then
    assertThat(read).isEqualTo(cart);
  }

  @Test
  void shouldRoundTripOrderEventWithLinesAndDecimals() {
    // Given
    OrderEvent order = SampleEvents.order();

    // When
    OrderEvent read = orders.deserializer().deserialize("orders", orders.serializer().serialize("orders", order));

    // Then
    assertThat(read).isEqualTo(order);
    assertThat(read.getLines().get(0).getUnitPrice()).isEqualByComparingTo("249.99");
  }

  @Test
  void shouldRoundTripUserEventUnionAndStateRecords() {
    // Given
    AvroSerde<UserEvent> events = AvroSerde.forValues(UserEvent.class, registry, SerdeOptions.autoRegistering());
    AvroSerde<UserProfile> profiles = AvroSerde.forSubject("app-user-profile-value", UserProfile.class, registry,
        SerdeOptions.autoRegistering());
    UserEvent event = UserEvent.newBuilder()
        .setEvent(SampleEvents.order()).setSourceTopic("orders").setSourcePartition(3).setSourceOffset(42L).build();
    UserProfile profile = UserProfile.newBuilder()
        .setUserId("u-42").setLastEventId("e-3").setLastEventTime(SampleEvents.TIME)
        .setLifetime(ActivityBucket.newBuilder().setFirstSeen(SampleEvents.TIME).setLastSeen(SampleEvents.TIME)
            .setOrders(1).build())
        .build();

    // When
    UserEvent readEvent = events.deserializer().deserialize("rekey", events.serializer().serialize("rekey", event));
    UserProfile readProfile = profiles.deserializer().deserialize("changelog", profiles.serializer().serialize("changelog", profile));

    // Then
    assertThat(readEvent).isEqualTo(event);
    assertThat(readEvent.getEvent()).isInstanceOf(OrderEvent.class);
    assertThat(readProfile).isEqualTo(profile);
  }

  @Test
  void shouldReturnNullForTombstone() {
    // When / Then
    assertThat(clicks.deserializer().deserialize("clicks", null)).isNull();
  }

  @Test
  void shouldRouteEmptyValueToUndeserializableReason() {
    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", new byte[0]))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRouteWrongMagicByteToWrongMagicByteReason() {
    // Given
    byte[] bytes = clicks.serializer().serialize("clicks", SampleEvents.click());
    bytes[0] = 1;

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.WRONG_MAGIC_BYTE));
  }

  @Test
  void shouldRouteUnknownSchemaIdToUnknownSchemaIdReason() {
    // Given
    byte[] valid = clicks.serializer().serialize("clicks", SampleEvents.click());
    byte[] bytes = WireFormat.frame(999, Arrays.copyOfRange(valid, 5, valid.length));

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .withMessageContaining("999")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID));
  }

  @Test
  void shouldRouteTruncatedBodyToUndeserializableReason() {
    // Given
    byte[] whole = clicks.serializer().serialize("clicks", SampleEvents.click());
    byte[] truncated = Arrays.copyOf(whole, whole.length - 10);

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", truncated))
        .withMessageContaining("clicks")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRouteNegativeLengthInBodyToUndeserializableReason() {
    // Given: a registered ClickEvent id, then a body whose first string (event_id) claims length -1
    int id = registry.register("clicks-value", ClickEvent.getClassSchema());
    byte[] bytes = WireFormat.frame(id, new byte[] {0x01, 0x02, 0x03});

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRouteHugeClaimedLengthToUndeserializableReasonWithoutAllocatingIt() {
    // Given: event_id claims 1,000,000,000 bytes (zig-zag varint) but the body ends right after
    int id = registry.register("clicks-value", ClickEvent.getClassSchema());
    byte[] bytes = WireFormat.frame(id, new byte[] {(byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07});

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRouteClickEventOnOrdersTopicToSchemaMismatchReason() {
    // Given: a producer wrote a click to the orders topic (registering ClickEvent under its own subject)
    byte[] clickBytes = clicks.serializer().serialize("clicks", SampleEvents.click());

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> orders.deserializer().deserialize("orders", clickBytes))
        .withMessageContaining("ClickEvent")
        .withMessageContaining("OrderEvent")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
  }

  @Test
  void shouldKeepRoutingMismatchOnceReaderResolutionIsCached() {
    // Given
    byte[] clickBytes = clicks.serializer().serialize("clicks", SampleEvents.click());
    catchDecoding(() -> orders.deserializer().deserialize("orders", clickBytes));

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> orders.deserializer().deserialize("orders", clickBytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
  }

  @Test
  void shouldFetchWriterSchemaOncePerSchemaId() {
    // Given
    CountingRegistry counting = new CountingRegistry(registry);
    AvroSerde<ClickEvent> counted = AvroSerde.forValues(ClickEvent.class, counting, SerdeOptions.autoRegistering());
    byte[] bytes = clicks.serializer().serialize("clicks", SampleEvents.click());

    // When
    for (int i = 0; i < 5; i++) {
      counted.deserializer().deserialize("clicks", bytes);
    }

    // Then
    assertThat(counting.calls()).isEqualTo(1);
  }

  @Test
  void shouldRethrowRegistryOutageAsRetriableErrorWithoutDeadLetterReason() {
    // Given
    byte[] bytes = clicks.serializer().serialize("clicks", SampleEvents.click());
    AvroSerde<ClickEvent> cutOff = AvroSerde.forValues(ClickEvent.class, new UnreachableRegistry(), SerdeOptions.autoRegistering());

    // When / Then
    assertThatExceptionOfType(RetriableException.class)
        .isThrownBy(() -> cutOff.deserializer().deserialize("clicks", bytes))
        .isNotInstanceOf(AvroDecodingException.class);
  }

  @Test
  void shouldRouteWriterOnlyArrayOfItemsThatTakeNoBytesToSchemaMismatchWithoutSkippingThem() {
    // Given: a writer schema with a field the reader skips, array<null>, and a short record claiming 10^12 items
    Schema writer = DecodingBoundsTest.withField("junk", "{\"type\": \"array\", \"items\": \"null\"}");
    int id = registry.register("other-value", writer);
    byte[] bytes = WireFormat.frame(id, concat(varints(1_000_000_000_000L, 0), clickBody()));

    // When / Then: refused from its schema at once (skipping the items took about an hour)
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .withMessageContaining("/junk")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH)));
  }

  @Test
  void shouldStopSkippingWriterOnlyItemsOfOneByteAtTheEndOfTheBody() {
    // Given: array<int> items take a byte each, so 10^12 of them cannot be skipped past the body's end
    Schema writer = DecodingBoundsTest.withField("junk", "{\"type\": \"array\", \"items\": \"int\"}");
    int id = registry.register("other-value", writer);
    byte[] bytes = WireFormat.frame(id, concat(varints(1_000_000_000_000L, 0), clickBody()));

    // When / Then
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE)));
  }

  @Test
  void shouldRouteWriterWithRecursiveTypeToSchemaMismatchInsteadOfOverflowingTheStack() {
    // Given: a writer-only linked list, 200,000 nodes deep in 200,000 bytes
    Schema writer = DecodingBoundsTest.withField("junk", "[\"null\", {\"type\": \"record\", \"name\": \"Node\","
        + " \"fields\": [{\"name\": \"next\", \"type\": [\"null\", \"Node\"]}]}]");
    int id = registry.register("other-value", writer);
    byte[] nodes = new byte[200_001];
    Arrays.fill(nodes, (byte) 2); // union branch 1: one more Node
    nodes[nodes.length - 1] = 0; // union branch 0: null, the end of the list
    byte[] bytes = WireFormat.frame(id, concat(nodes, clickBody()));

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .withMessageContaining("Node contains itself")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
  }

  @Test
  void shouldRouteStackOverflowWhileDecodingToUndeserializableReason() {
    // Given: decoding that runs out of stack (here simulated where the reader creates the record)
    SpecificData overflowing = new SpecificData() {
      @Override
      public Object newRecord(Object old, Schema schema) {
        throw new StackOverflowError();
      }
    };
    AvroDeserializer<ClickEvent> deserializer = new AvroDeserializer<>(ClickEvent.getClassSchema(), overflowing, registry);
    byte[] bytes = clicks.serializer().serialize("clicks", SampleEvents.click());

    // When / Then: a record fault for the dead-letter topic, not an Error that kills the stream thread
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> deserializer.deserialize("clicks", bytes))
        .withMessageContaining("stack")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldDeadLetterRecordWhoseWriterNestsDeepThroughRecordTypesUsedAgain() {
    // Given: a writer whose optional field nests 300 chains of 30 records (each defined once, the innermost
    // holding the previous chain's outermost: 9,000 levels, 9,000 values), and a 17-byte record with a null
    // user_id, so that the reader fails and the diagnosis decodes the record as written
    Schema writer = deeplyNestingWriter(300);
    AvroDeserializer<ClickEvent> deserializer = new AvroDeserializer<>(ClickEvent.getClassSchema(), SpecificData.get(),
        new FixedIdRegistry(7, writer));
    byte[] bytes = WireFormat.frame(7, deeplyNestingBody(300));

    // When: on a stack that 9,000 levels overflow
    Object outcome = onSmallStack(() -> deserializer.deserialize("clicks", bytes));

    // Then: refused from its schema, a record fault for the dead-letter topic, not an Error
    assertThat(outcome).isInstanceOfSatisfying(AvroDecodingException.class, e -> {
      assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH);
      assertThat(e).hasMessageContaining("nested more than " + DecodingBounds.MAX_DEPTH + " levels");
    });
  }

  @Test
  void shouldNameNoFieldRatherThanThrowWhenFindingTheUnreadableBranchOverflowsTheStack() {
    // Given: a record that failed to resolve, whose writer (were it accepted) nests 30,000 levels deep
    Schema writer = deeplyNestingWriter(1_000);
    byte[] body = deeplyNestingBody(1_000);

    // When
    Object outcome = onSmallStack(() -> UnreadableBranch.find(ClickEvent.getClassSchema(), writer, body, 0, body.length));

    // Then: nothing named, so the record is dead-lettered as SCHEMA_MISMATCH; no StackOverflowError
    assertThat(outcome).isEqualTo(java.util.Optional.empty());
  }

  /**
   * ClickEvent with a nullable user_id and a last, writer-only field {@code ["null", C1, ..., Cn]}: chain
   * Cj is 30 records nested in one another, its innermost holding C(j-1)'s outermost (C1's an int). Built
   * in code: Avro's parser takes seconds for so many named types.
   */
  private static Schema deeplyNestingWriter(int chains) {
    List<Schema> union = new ArrayList<>(List.of(Schema.create(Schema.Type.NULL)));
    Schema inner = Schema.create(Schema.Type.INT);
    for (int chain = 1; chain <= chains; chain++) {
      for (int i = 1; i <= 30; i++) {
        inner = Schema.createRecord("C" + chain + "_" + i, null, null, false, List.of(new Schema.Field("x", inner)));
      }
      union.add(inner);
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : JavaProperties.strip(ClickEvent.getClassSchema()).getFields()) {
      fields.add(field.name().equals("user_id")
          ? new Schema.Field(field, Schema.createUnion(Schema.create(Schema.Type.NULL), field.schema()))
          : new Schema.Field(field, field.schema()));
    }
    // last, as a producer adds fields: the reader fails at user_id before it comes to skip this one
    fields.add(new Schema.Field("deep", Schema.createUnion(union)));
    return Schema.createRecord(ClickEvent.getClassSchema().getFullName(), null, null, false, fields);
  }

  /** A record of {@link #deeplyNestingWriter}: a click with a null user_id, then the deepest chain. */
  private static byte[] deeplyNestingBody(int chains) {
    byte[] eventId = concat(varints(2), "e1".getBytes(StandardCharsets.UTF_8));
    byte[] rest = varints(0, 1_000, 0, 0, 0, 0, 0, 0, 0, 0, 0); // user_id null, event_time, type VIEW, 8 nulls
    byte[] deep = varints(chains, 1); // union branch Cn, then the int at the bottom
    return concat(concat(eventId, rest), deep);
  }

  /** What {@code call} returns or throws, run on a thread with a 256 KiB stack. */
  private static Object onSmallStack(Callable<?> call) {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        outcome.set(call.call());
      } catch (Throwable t) {
        outcome.set(t);
      }
    }, "small-stack", 256 * 1024);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return outcome.get();
  }

  /** The Avro body of a valid click. */
  private byte[] clickBody() {
    byte[] frame = clicks.serializer().serialize("clicks", SampleEvents.click());
    return Arrays.copyOfRange(frame, 5, frame.length);
  }

  /** Avro's zig-zag variable-length encoding of {@code values}, one after the other. */
  static byte[] varints(long... values) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      for (long value : values) {
        encoder.writeLong(value);
      }
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void catchDecoding(Runnable decode) {
    try {
      decode.run();
    } catch (AvroDecodingException expected) {
      // the first failure populates the cache
    }
  }
}
