/**
 * The input and output topics of ppscore, their serdes, and the schema registry client behind them.
 *
 * <h2>Why our own Avro serde and registry client</h2>
 * Confluent's {@code kafka-avro-serializer} is not on Maven Central, the only registry our build machines
 * reach. So this package implements the two things it would have given us:
 * <ul>
 *   <li>the Confluent wire format ({@link io.ppscore.events.WireFormat}): magic byte {@code 0}, the 4-byte
 *       big-endian schema id, then the plain Avro binary body;</li>
 *   <li>the handful of Schema Registry REST calls the serde needs, behind the small
 *       {@link io.ppscore.events.SchemaRegistry} interface
 *       ({@link io.ppscore.events.HttpSchemaRegistryClient} over HTTP,
 *       {@link io.ppscore.events.InMemorySchemaRegistry} for tests and the embedded registry).</li>
 * </ul>
 * Records written by {@link io.ppscore.events.AvroSerde} are therefore byte-for-byte what Confluent's
 * serializer writes, and the client works unchanged against Confluent Schema Registry, Redpanda, Karapace
 * or Apicurio's {@code ccompat} API. Subjects follow Confluent's TopicNameStrategy
 * ({@code <topic>-value}, {@code <topic>-key}).
 *
 * <h2>Errors</h2>
 * A record that cannot be decoded throws {@link io.ppscore.events.AvroDecodingException} carrying the
 * {@link io.ppscore.events.DeadLetterReason} it should be dead-lettered with; so does a record whose schema
 * id names a schema that cannot be read ({@link io.ppscore.events.UnreadableSchemaException}: Protobuf,
 * JSON, unparsable, unresolvable references), since that never changes. A registry that cannot be
 * reached throws {@link io.ppscore.events.SchemaRegistryUnavailableException}, a retriable error that is
 * deliberately <em>not</em> a decoding error: an outage must stop processing, not send good records to
 * the dead-letter topic.
 */
package io.ppscore.events;
