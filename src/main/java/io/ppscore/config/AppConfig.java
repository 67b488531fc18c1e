package io.ppscore.config;

import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.PersistedTextEncoder;
import io.ppscore.state.Money;
import io.ppscore.state.RocksDBMemoryBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed configuration of ppscore. Every key has a type, a default where one makes sense, a
 * validator and a doc string; a bad value fails at start-up with a {@link ConfigException} naming the key.
 *
 * <p>Keys prefixed {@value #KAFKA_PREFIX} are passed, without the prefix, to the Kafka Streams and client
 * configuration (for example {@code kafka.security.protocol=SASL_SSL}). Environment variables
 * {@code PPSCORE_X_Y} override key {@code x.y} (see {@link #fromEnvironment}).
 */
public final class AppConfig extends AbstractConfig {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String ENV_PREFIX = "PPSCORE_";

  public static final String APPLICATION_ID_CONFIG = "application.id";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id: consumer group, prefix of internal topics and state directories.";
  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port...]; kafka.bootstrap.servers, when set, wins for every client (Kafka Streams, the preflight, replay and erasure producers).";
  public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
  private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default: state, changelogs and outputs commit atomically) or at_least_once.";
  public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
  private static final String NUM_STREAM_THREADS_DOC = "Stream threads in this instance. More than 1 is refused with kafka.group.protocol=streams: Kafka Streams 4.3.1 then keeps one thread's partitions per endpoint, and interactive queries would lose the others'.";
  public static final String NUM_STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
  private static final String NUM_STANDBY_REPLICAS_DOC = "Warm standby copies of each state store on other instances (faster fail-over).";
  public static final String STATE_DIR_CONFIG = "state.dir";
  private static final String STATE_DIR_DOC = "Directory for the RocksDB state stores. The default is under the JVM's java.io.tmpdir: /tmp on Linux whatever $TMPDIR says, unless started with -Djava.io.tmpdir=DIR.";
  public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
  private static final String COMMIT_INTERVAL_MS_DOC = "How often Kafka Streams commits (with exactly-once, outputs become visible at commits; a scoring run that sent scores also requests one). Above 10 s the producer's transaction timeout is raised to the interval plus 10 s, which exactly-once requires.";

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of a Confluent-compatible schema registry (Confluent, Redpanda, Karapace, Apicurio ccompat). One URL, not a list: put a load balancer in front of several instances.";
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_CONFIG = "schema.registry.basic.auth.user.info";
  private static final String SCHEMA_REGISTRY_BASIC_AUTH_DOC = "user:password for HTTP basic auth to the registry; empty for none. Never logged.";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_CONFIG = "schema.registry.ssl.truststore.location";
  private static final String SCHEMA_REGISTRY_TRUSTSTORE_DOC = "PKCS12 or JKS truststore for an https registry; empty uses the JVM's default trust.";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
  private static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_DOC = "Password of the registry truststore. Never logged.";
  public static final String SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG = "schema.registry.auto.register.schemas";
  private static final String SCHEMA_REGISTRY_AUTO_REGISTER_DOC = "Register the app's writer schemas on first use. Turn off where schemas are managed by CI and the app's principal may only read; run then refuses to start while any schema its stream threads will write is not registered (state stores, rekey and dead-letter UserEvent, and the scores and risk-flags topics when they are written; for those two, with use.latest.version, a readable latest version, whose compatibility with this build is checked only at the first write), naming the subjects.";
  public static final String SCHEMA_REGISTRY_USE_LATEST_CONFIG = "schema.registry.use.latest.version";
  private static final String SCHEMA_REGISTRY_USE_LATEST_DOC = "Serialize with the id of the subject's latest registered schema instead of registering the app's own (needs auto.register off). Applies to the topics others read (inputs, scores, risk flags, erasure requests); state-store values, the re-key repartition topic and dead-lettered late events are always written with the app's own schema, which must then be registered.";

  public static final String TOPIC_CLICKS_CONFIG = "topic.clicks";
  private static final String TOPIC_CLICKS_DOC = "Input topic of ClickEvent records.";
  public static final String TOPIC_CARTS_CONFIG = "topic.carts";
  private static final String TOPIC_CARTS_DOC = "Input topic of CartEvent records.";
  public static final String TOPIC_ORDERS_CONFIG = "topic.orders";
  private static final String TOPIC_ORDERS_DOC = "Input topic of OrderEvent records.";
  public static final String TOPIC_DEAD_LETTER_CONFIG = "topic.dead.letter";
  private static final String TOPIC_DEAD_LETTER_DOC = "Dead-letter topic: every rejected record with the reason in headers, as its original key and value bytes (a late or currency-conflict event re-encoded as UserEvent); the value, and if need be the key and original headers, are left out (sizes in ppscore.dlq.*.omitted.bytes headers) when the record would exceed max.request.size minus 512 bytes.";

  public static final String TOPIC_SCORES_CONFIG = "topic.scores";
  private static final String TOPIC_SCORES_DOC = "Output topic of UserScore records (key: user id), one per user and scoring run in which the user's state had changed, and one each time a stale score is refreshed (scoring.refresh.age.ms: same triggering event, newer computed_at, header ppscore.score.refresh=true).";
  public static final String SCORING_INTERVAL_MS_CONFIG = "scoring.interval.ms";
  private static final String SCORING_INTERVAL_MS_DOC = "Wall-clock interval of the scoring runs (when a model is loaded): every interval each task scores the users whose state changed since their last score (and those whose latest score a refresh sweep found stale, see scoring.refresh.age.ms), in one batch. Several events of a user within one interval give one score.";
  public static final String SCORING_MAX_BATCH_USERS_CONFIG = "scoring.max.batch.users";
  public static final String SCORING_MAX_BATCH_TEXTS_CONFIG = "scoring.max.batch.texts";
  private static final String SCORING_MAX_BATCH_TEXTS_DOC = "Most pending texts one scoring run of a task takes (counted per user before de-duplication; a run always takes at least one user): later users wait for the next run. Under exactly-once a stream thread's scoring runs happen inside its open transaction, which the broker aborts after the producer's transaction.timeout.ms (10 s by default in Kafka Streams), fencing the thread and restoring its tasks. This bound is per task, and a stream thread's tasks share one transaction: Kafka Streams runs the due scoring runs of all of them in one pass before it commits. 1,024 new texts take about 1.5-2.5 s on 2 CPU cores (the raw encoder's 400-700 texts/s), so when several tasks of a thread have a backlog of users (after an encoder outage, say) their runs together can pass the timeout; raise it (kafka.transaction.timeout.ms or kafka.producer.transaction.timeout.ms) to at least tasks per stream thread x 2.5 s + commit.interval.ms rather than lower this: it also bounds the distinct texts one user keeps pending between two runs (with at most 256 KiB of them, so the changelogged entry stays under the topic's 1 MB message size): below validation.max.order.lines a larger order's extra titles are dropped (dropped-pending-texts-total), and the user's text profile then differs from the one training and score-batch compute.";
  public static final String SCORING_COMMIT_AFTER_RUN_CONFIG = "scoring.commit.after.run";
  private static final String SCORING_COMMIT_AFTER_RUN_DOC = "With exactly-once, a scoring run that sent scores requests a commit, so read_committed consumers (the recommender) see them at once instead of at the next commit.interval.ms tick (bench, 2 cores, half the maximum rate: send-to-visible p99 193-235 ms with it, 249-439 ms without). Commits then follow the scoring runs: up to one per run of each task, more than commit.interval.ms alone gives with many tasks per stream thread; false leaves commits to commit.interval.ms. Ignored with at_least_once, where outputs are visible without a commit.";
  private static final String SCORING_MAX_BATCH_USERS_DOC = "Most users one scoring run of a task scores (one text-encoder call and one model call); the others wait for the next run.";
  public static final String SCORING_REFRESH_AGE_MS_CONFIG = "scoring.refresh.age.ms";
  private static final String SCORING_REFRESH_AGE_MS_DOC = "A user's latest score computed longer ago than this (wall-clock time) is computed again although no event came: its time-dependent features (days since the last order, spend in the last 7 to 365 days, ...) have moved on, and a score frozen at the user's last event overstates an inactive user (150 users of the 2011-05-01 population: median score 65.8 when scored 60 s after their last order, 51.0 at the cut-off). The refreshed score keeps the previous score's triggering event and has a newer computed_at. 0 or at least 60000 (1 minute); 0 turns refresh off.";
  public static final String SCORING_REFRESH_INTERVAL_MS_CONFIG = "scoring.refresh.interval.ms";
  private static final String SCORING_REFRESH_INTERVAL_MS_DOC = "Wall-clock interval of the refresh sweeps: each sweep of a task looks at up to scoring.refresh.max.users of its latest scores, in key order from where its previous sweep stopped (kept in the task's scoring-refresh-cursor store, so also across restarts and rebalances), and marks the stale ones for the next scoring run.";
  public static final String SCORING_REFRESH_MAX_USERS_CONFIG = "scoring.refresh.max.users";
  private static final String SCORING_REFRESH_MAX_USERS_DOC = "Most latest scores one refresh sweep of a task looks at, so also most users it marks: the sweep and the scoring run after it stay well inside the exactly-once transaction. A task looks at all its scored users once every users / max.users sweeps: at the defaults, 368,640 users per task per day (100,000 users: every 6.5 h); with more users per task than scoring.refresh.age.ms / scoring.refresh.interval.ms x max.users, scores get older than the age before they are refreshed, so raise it or shorten the interval.";

  public static final String MODEL_DIR_CONFIG = "model.dir";
  private static final String MODEL_DIR_DOC = "Directory of the scoring model (manifest.json and the ONNX file it names); a relative path is resolved from the working directory. Empty runs without scoring. A directory without manifest.json fails start-up naming its absolute path, and so does a manifest that does not match its ONNX file or this version's features.";
  public static final String INFERENCE_DEVICE_CONFIG = DeviceSpec.CONFIG_KEY;
  private static final String INFERENCE_DEVICE_DOC = "Where the text encoder runs: auto (CUDA if usable, else CPU), cpu, cuda or cuda:N (fail if CUDA cannot be used).";
  public static final String INFERENCE_THREADS_CONFIG = "inference.threads";
  private static final String INFERENCE_THREADS_DOC = "Intra-op threads of the text encoder's ONNX Runtime session (the scoring model always runs on one); 0 means half the available cores, at least 1, leaving the rest to the stream threads, RocksDB and the Kafka clients (on 2 cores, 8,000-event bench runs gave 698 events/s with 1 thread against 340 with 2, and 480 with 2 whose spinning was turned off; see BENCHMARKS.md).";
  public static final String INFERENCE_BATCH_SIZE_CONFIG = "inference.batch.size";
  private static final String INFERENCE_BATCH_SIZE_DOC = "Most texts in one model run of the text encoder: an encoder call's texts, sorted by token count, are split into runs of at most this many (BatchPlan; the int8 encoder runs one text per run whatever this is). Also the most texts a scoring run's encoder call is filled up to with other tasks' new texts (scoring.embedding.coalesce), and the most texts per call of the prefetch thread (scoring.embedding.prefetch). On CPU a text's vector does not depend on the texts run with it, so scores do not change with it; a run holds rows x tokens x dimension floats of hidden state (at 32 texts of 128 tokens, 384 dimensions: 6 MB).";
  public static final String INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG = "inference.max.sequence.length";
  private static final String INFERENCE_MAX_SEQUENCE_LENGTH_DOC = "Tokens the text encoder keeps of each text, [CLS] and [SEP] included (a longer text is embedded from its first length - 2 word pieces); at most 512, the bundled encoders' position limit. Unset, the length the model was trained at, which its manifest records (train --max-sequence-length; 128 for a manifest that records none, as the committed model's); another value embeds every text longer than the shorter of the two limits differently from training (train/serve skew), and start-up logs one WARN saying so. score-batch and model-reference always embed at the manifest's length.";
  public static final String EMBEDDING_CACHE_SIZE_CONFIG = "embedding.cache.size";
  private static final String EMBEDDING_CACHE_SIZE_DOC = "Most text embeddings kept in memory (least recently used evicted), shared by all tasks. An entry holds the vector (4 bytes a dimension: 1,536 bytes with the 384-dimension encoders, 2,048 with the 512-dimension one) keyed by a 32-byte SHA-256 digest of the text (the text itself is not kept, so an entry's size does not depend on its text's length), plus the map's fixed per-entry objects.";
  public static final String EMBEDDING_CACHE_PERSIST_CONFIG = "embedding.cache.persist";
  private static final String EMBEDDING_CACHE_PERSIST_DOC = "Keep text embeddings on local disk too, so a restart reads the vectors of texts seen before instead of embedding them again: a RocksDB database of its own under state.dir, in embedding-cache/<encoder id>-seq<inference.max.sequence.length>-<provider>-v1-<fingerprint of the model files and ONNX Runtime version>, so vectors of another encoder, length or device are never read. Looked up after the in-memory cache (embedding.cache.size) and before the encoder; what the encoder embeds is written to both. A pure cache of derived data: not a Kafka Streams store, not changelogged, only the SHA-256 of each text and its vector (no text, no user id); deleting the directory only costs embedding again. It keeps vectors of users' search texts, which an erasure does not remove (README, Erasure). Adds about 16 MiB of native memory (an 8 MiB block cache and at most two 4 MiB memtables). If it cannot be opened (held by another process, permissions) or a read or write fails later, one WARN names the directory and the cause and the app runs on with the in-memory cache only; one found damaged at start is deleted and started afresh.";
  public static final String EMBEDDING_CACHE_PERSIST_MAX_BYTES_CONFIG = "embedding.cache.persist.max.bytes";
  private static final String EMBEDDING_CACHE_PERSIST_MAX_BYTES_DOC = "Disk bound of the persisted embedding cache (embedding.cache.persist), per directory: once its table files exceed this, the oldest is deleted (RocksDB FIFO compaction: the vectors written longest ago go first, not the least used); a file older than 30 days is deleted too (FIFO's ttl, checked at flushes). On top come a memtable being flushed (at most 4 MiB) and RocksDB's own small files (manifest, options, info log: a few MiB). A vector takes about its own size on disk (1,536 bytes at 384 dimensions) plus its 32-byte key and RocksDB's overhead. Every table file (about 4 MiB each) stays open, as FIFO compaction with a ttl requires: one file descriptor per 4 MiB, 64 at the default, 1,024 at the 4 GiB maximum.";
  public static final String SCORING_EMBEDDING_PREFETCH_CONFIG = "scoring.embedding.prefetch";
  private static final String SCORING_EMBEDDING_PREFETCH_DOC = "Embed the texts of incoming events on a background thread as they are aggregated, so the scoring run mostly finds them in the embedding cache instead of embedding them on the stream thread. A cache warm-up only: on CPU scores are the same either way (a text's vector does not depend on the texts embedded with it; the int8 encoder runs each text alone for this), and texts not ready are embedded by the scoring run as before. Off by default: on 2 shared cores it shortened the scoring runs but did not raise throughput (BENCHMARKS.md).";
  public static final String SCORING_EMBEDDING_COALESCE_CONFIG = "scoring.embedding.coalesce";
  private static final String SCORING_EMBEDDING_COALESCE_DOC = "When a scoring run has to run the text encoder, fill the same call, up to the encoder's batch size, with the new texts other tasks' users are waiting with (a set of at most scoring.embedding.prefetch.queue.size texts), so the other tasks find them cached. Each model run has a fixed cost (reading the model's weights), and with several tasks per stream thread each run otherwise embeds only a few texts (the int8 encoder runs each text alone, so it saves that one no model runs). No extra thread; on CPU scores are the same either way (a text's vector does not depend on the texts embedded with it); if the shared call fails, the run embeds its own texts again alone. Ignored when scoring.embedding.prefetch is on.";
  public static final String SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_CONFIG = "scoring.embedding.prefetch.queue.size";
  private static final String SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_DOC = "Most texts waiting for the prefetch thread (or, with scoring.embedding.coalesce, to ride along in another task's model run); when full, further texts are not prefetched (counted in ppscore_embedding_prefetch_dropped_total) and the scoring run embeds them.";

  public static final String ERASURE_SUPPRESSION_MS_CONFIG = "erasure.suppression.ms";
  private static final String ERASURE_SUPPRESSION_MS_DOC = "After a user is erased, their events produced (by the input record's timestamp, capped at when ppscore read it) or stamped at or before the time the erasure was processed are dropped, so events in flight at the erasure cannot recreate the user's state. The erasure is remembered for at least this long (wall-clock time), and until the event-time watermark is more than state.grace.ms + validation.max.future.ms past it, so no event from before it can still be accepted on time (an idle partition or a stopped application keeps it longer). Because the watermark never runs ahead of the wall clock, that second condition alone already keeps an erasure at least state.grace.ms + validation.max.future.ms, whatever this value. 0 turns this off.";
  public static final String DEDUP_HORIZON_MS_CONFIG = "dedup.horizon.ms";
  private static final String DEDUP_HORIZON_MS_DOC = "Events whose id was already seen for the same user within this time (event time) are dropped as duplicates. Part of the dedup store's retention: changing it wipes the local state once at the next start so it is restored from the changelogs.";
  public static final String STATE_RECORD_CACHE_CONFIG = "state.record.cache.enabled";
  private static final String STATE_RECORD_CACHE_DOC = "Kafka Streams' record cache on the per-user stores (profile, buckets, text profiles, dirty set, latest score, risk state). Off: with the default 100 ms commit interval a user's key is rarely written twice between commits, and the cache held every write back to the commit, where the stream thread waited for all of them (8,000-event bench: 542 events/s with it, 698 without). Worth turning on with a long commit.interval.ms and scoring.commit.after.run=false (every commit flushes the cache), where it collapses a busy user's writes into one changelog record per commit. The watermark store is always cached.";
  public static final String GRACE_MS_CONFIG = "state.grace.ms";
  private static final String GRACE_MS_DOC = "Out-of-order events up to this far behind the event-time watermark (the highest event time accepted, never ahead of the wall clock) are aggregated exactly; later ones are counted, logged and sent to the dead-letter topic. Part of the window stores' retentions: changing it wipes the local state once at the next start so it is restored from the changelogs.";
  public static final String CURRENCY_DEFAULT_CONFIG = "currency.default";
  private static final String CURRENCY_DEFAULT_DOC = "ISO 4217 code assumed for events that carry no currency: three upper-case letters, as an event's currency must be.";

  public static final String VALIDATION_MAX_STRING_LENGTH_CONFIG = "validation.max.string.length";
  private static final String VALIDATION_MAX_STRING_LENGTH_DOC = "Longest accepted text field (title, search text, ...), in characters; longer events go to the dead-letter topic.";
  public static final String VALIDATION_MAX_ID_LENGTH_CONFIG = "validation.max.id.length";
  private static final String VALIDATION_MAX_ID_LENGTH_DOC = "Longest accepted id (user, event, product, order), in characters.";
  public static final String VALIDATION_MAX_FUTURE_MS_CONFIG = "validation.max.future.ms";
  private static final String VALIDATION_MAX_FUTURE_MS_DOC = "Events stamped further than this ahead of the wall clock are rejected as absurd. Also sizes the window stores: an accepted event is bucketed at its own time, which moves the stores' own clocks ahead, so each store keeps this much more than its longest window plus state.grace.ms (with the defaults the minute store keeps 49 h of buckets instead of 25 h). Changing it changes the stores' retentions, which wipes the local state once at the next start so it is restored from the changelogs.";
  public static final String VALIDATION_MIN_EVENT_TIME_CONFIG = "validation.min.event.time.ms";
  private static final String VALIDATION_MIN_EVENT_TIME_DOC = "Events stamped before this epoch millisecond are rejected as absurd (default 2000-01-01T00:00:00Z).";
  public static final String VALIDATION_MAX_UNIT_PRICE_CONFIG = "validation.max.unit.price";
  private static final String VALIDATION_MAX_UNIT_PRICE_DOC = "Highest accepted price (a view's price, a cart event's or an order line's"
      + " unit price), in currency units. An order's total, and the sum of its lines, are accepted up to this times"
      + " validation.max.quantity (at most 99,999,999,999,999.9999, what a decimal(18,4) holds).";
  public static final String VALIDATION_MAX_QUANTITY_CONFIG = "validation.max.quantity";
  private static final String VALIDATION_MAX_QUANTITY_DOC = "Highest accepted quantity on one cart event or order line.";

  public static final String VALIDATION_MAX_ORDER_LINES_CONFIG = "validation.max.order.lines";
  private static final String VALIDATION_MAX_ORDER_LINES_DOC = "Most lines accepted in one order event.";

  public static final String HTTP_HOST_CONFIG = "http.host";
  private static final String HTTP_HOST_DOC = "Interface the HTTP API binds to.";
  public static final String HTTP_PORT_CONFIG = "http.port";
  private static final String HTTP_PORT_DOC = "Port of the HTTP API (interactive queries, and health and metrics as on http.management.port).";
  public static final String HTTP_MANAGEMENT_PORT_CONFIG = "http.management.port";
  private static final String HTTP_MANAGEMENT_PORT_DOC = "Port of a second, plain-http server with its own two workers that serves only /health/live, /health/ready and /metrics, for the orchestrator's probes and Prometheus: clients that are slow to send their requests on http.port cannot hold its workers, so they cannot fail the liveness probe. Keep it inside the cluster (no authentication, like those paths on http.port). 0 picks a free port; -1, or the same value as http.port, runs no second server (the probes then share the API's workers).";
  public static final String HTTP_ADVERTISED_CONFIG = "http.advertised.endpoint";
  private static final String HTTP_ADVERTISED_DOC = "host:port other instances use to reach this one (Kafka Streams application.server): a port from 1 to 65535, an IPv6 address in brackets ([::1]:8080); checked at start-up. Empty means localhost:http.port.";
  public static final String HTTP_THREADS_CONFIG = "http.threads";
  private static final String HTTP_THREADS_DOC = "Worker threads of the HTTP API (queries, forwards, probes, metrics). At most half of them (at least 1) forward requests to other instances at once; a request that would need one more forward gets 503 with Retry-After at once (counted in ppscore_http_forwards_rejected_total), so a slow instance cannot hold every worker.";
  public static final String HTTP_QUEUE_SIZE_CONFIG = "http.queue.size";
  private static final String HTTP_QUEUE_SIZE_DOC = "Requests that may wait for a free HTTP worker; when the queue is full the server closes new connections and clients retry.";
  public static final String HTTP_FORWARD_TIMEOUT_MS_CONFIG = "http.forward.timeout.ms";
  private static final String HTTP_FORWARD_TIMEOUT_MS_DOC = "Longest a request forwarded to the instance that owns the user may take, from connecting to the last byte of the answer; then it is cancelled and the client gets 503 with Retry-After. At most 20 s, below the HTTP server's 30 s response limit.";
  /** The longest {@value #HTTP_FORWARD_TIMEOUT_MS_CONFIG}: below the HTTP server's response limit (30 s by default). */
  public static final long HTTP_FORWARD_TIMEOUT_MS_MAX = 20_000L;

  public static final String ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG = RocksDBMemoryBudget.TOTAL_BYTES_CONFIG;
  private static final String ROCKSDB_MEMORY_TOTAL_BYTES_DOC = "Off-heap memory all RocksDB stores of this instance share: one block cache of this size, memtables and index/filter blocks charged to it. 0 keeps Kafka's per-store defaults (unbounded: grows with stores and partitions). Budget the container as heap + this + ONNX Runtime.";
  public static final String ROCKSDB_MEMORY_WRITE_BUFFER_RATIO_CONFIG = RocksDBMemoryBudget.WRITE_BUFFER_RATIO_CONFIG;
  private static final String ROCKSDB_MEMORY_WRITE_BUFFER_RATIO_DOC = "Share of rocksdb.memory.total.bytes the memtables of all stores may take before the largest is flushed.";
  public static final String ROCKSDB_MEMORY_HIGH_PRIORITY_RATIO_CONFIG = RocksDBMemoryBudget.HIGH_PRIORITY_RATIO_CONFIG;
  private static final String ROCKSDB_MEMORY_HIGH_PRIORITY_RATIO_DOC = "Share of the shared block cache reserved for index and filter blocks, so data blocks cannot evict them.";
  public static final String ROCKSDB_MEMORY_STRICT_CAPACITY_CONFIG = RocksDBMemoryBudget.STRICT_CAPACITY_CONFIG;
  private static final String ROCKSDB_MEMORY_STRICT_CAPACITY_DOC = "Fail a cache insert beyond capacity instead of overshooting it. Off by default: with it on, reads and flushes can fail (and the stream thread with them) under memory pressure.";
  public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";
  private static final String SHUTDOWN_TIMEOUT_MS_DOC = "On SIGTERM, how long Kafka Streams may take to commit, close its stores and leave the group. Keep it below the orchestrator's grace period (Kubernetes terminationGracePeriodSeconds).";
  public static final String SHUTDOWN_LEAVE_GROUP_CONFIG = "shutdown.leave.group";
  private static final String SHUTDOWN_LEAVE_GROUP_DOC = "Leave the consumer group on shutdown so partitions move at once; turn off with static membership (kafka.group.instance.id) to keep them for a quick restart.";
  public static final String RISK_ENABLED_CONFIG = "risk.enabled";
  private static final String RISK_ENABLED_DOC = "Evaluate the risk rules on every state change and write RiskFlag records to topic.risk.flags (which must exist). Off: no risk nodes and no topic requirement; the user-risk-state store stays in the topology (empty for new users) so an erasure still clears it.";
  public static final String TOPIC_RISK_FLAGS_CONFIG = "topic.risk.flags";
  private static final String TOPIC_RISK_FLAGS_DOC = "Output topic of RiskFlag records (key: user id): one per rule that fires, with its evidence.";
  public static final String RISK_COOLDOWN_MS_CONFIG = "risk.cooldown.ms";
  private static final String RISK_COOLDOWN_MS_DOC = "After a rule flags a user, the same rule does not flag that user again for this long unless the severity rises (from the trigger's event time, capped at when it was produced: an event's produced_at, a score's computed_at; so a future-stamped event cannot move it ahead); the rule's last flag is 'active' in GET /v1/users/{id} while it runs. Stops a burst from producing one flag per event. Spend-spike does not cool down (it flags every order that spikes; each flag names its order), but its flags are 'active' for this long.";
  public static final String RISK_SEVERITY_STEP_CONFIG = "risk.severity.step";
  private static final String RISK_SEVERITY_STEP_DOC = "Severity from how far a value is past its threshold: LOW at 1x, MEDIUM at step x, HIGH at step^2 x (each rule says which ratio it uses).";
  public static final String RISK_VELOCITY_ORDERS_10M_CONFIG = "risk.velocity.orders.10m";
  private static final String RISK_VELOCITY_ORDERS_10M_DOC = "Velocity rule: placed orders in 10 minutes (the current minute and 9 before) at or above this flag the user. Rationale: card testing and account takeover place many orders in minutes; real customers rarely place more than one or two.";
  public static final String RISK_VELOCITY_ORDERS_1H_CONFIG = "risk.velocity.orders.1h";
  private static final String RISK_VELOCITY_ORDERS_1H_DOC = "Velocity rule: placed orders in the 1h window at or above this flag the user (a slower burst than the 10-minute one).";
  public static final String RISK_VELOCITY_CART_ADDS_10M_CONFIG = "risk.velocity.cart.adds.10m";
  private static final String RISK_VELOCITY_CART_ADDS_10M_DOC = "Velocity rule: cart additions in 10 minutes at or above this flag the user. Rationale: scripted carting (bots, inventory hoarding) adds far faster than a person.";
  public static final String RISK_VELOCITY_CART_ADDS_1H_CONFIG = "risk.velocity.cart.adds.1h";
  private static final String RISK_VELOCITY_CART_ADDS_1H_DOC = "Velocity rule: cart additions in the 1h window at or above this flag the user.";
  public static final String RISK_SPIKE_P95_FACTOR_CONFIG = "risk.spend.spike.p95.factor";
  private static final String RISK_SPIKE_P95_FACTOR_DOC = "Spend-spike rule: an order at or above this factor x the 95th percentile of the user's own earlier order values (their last 100 orders) is flagged. Rationale: a stolen account or card is used for one order far larger than the owner's habit.";
  public static final String RISK_SPIKE_MIN_HISTORY_CONFIG = "risk.spend.spike.min.history";
  private static final String RISK_SPIKE_MIN_HISTORY_DOC = "Spend-spike rule: earlier placed orders the user needs before either comparison applies (their percentile, or their predicted spend: a newcomer's prediction is the model's low prior, and first orders are the new-account rule's job).";
  public static final String RISK_SPIKE_PREDICTED_FACTOR_CONFIG = "risk.spend.spike.predicted.factor";
  private static final String RISK_SPIKE_PREDICTED_FACTOR_DOC = "Spend-spike rule: an order at or above this factor x the user's predicted 90-day spend (latest score; needs a model) is flagged. Rationale: one order worth several times what the model expects the user to spend in a quarter is out of character.";
  public static final String RISK_SPIKE_SCORE_MAX_AGE_MS_CONFIG = "risk.spend.spike.score.max.age.ms";
  private static final String RISK_SPIKE_SCORE_MAX_AGE_MS_DOC = "Spend-spike rule: the latest score's predicted spend is compared with an order only when the score was computed within this time of the order's event time. Scores are computed as of the wall clock: when history is replayed, a score computed today says nothing about an order from months ago (its windows look empty).";
  public static final String RISK_SPIKE_MIN_VALUE_CONFIG = "risk.spend.spike.min.value";
  private static final String RISK_SPIKE_MIN_VALUE_DOC = "Spend-spike rule: orders below this value (in the user's currency) are never flagged, whatever their ratio: 5x a habit of small orders is still small.";
  public static final String RISK_NEW_ACCOUNT_MAX_AGE_MS_CONFIG = "risk.new.account.max.age.ms";
  private static final String RISK_NEW_ACCOUNT_MAX_AGE_MS_DOC = "New-account rule: a first order placed within this time of the user's first event counts as a new account's first order.";
  public static final String RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG = "risk.new.account.min.value";
  private static final String RISK_NEW_ACCOUNT_MIN_VALUE_DOC = "New-account rule: such a first order at or above this value (in the user's currency) is flagged. Rationale: fraudsters open fresh accounts and cash out at once; a large first order from an unknown customer carries no history to vouch for it.";
  public static final String RISK_CANCELLATION_WINDOW_CONFIG = "risk.cancellation.window";
  private static final String RISK_CANCELLATION_WINDOW_DOC = "Cancellation-abuse rule: the window the cancellations and refunds are counted over (7d, 30d or 90d).";
  public static final String RISK_CANCELLATION_MIN_COUNT_CONFIG = "risk.cancellation.min.count";
  private static final String RISK_CANCELLATION_MIN_COUNT_DOC = "Cancellation-abuse rule: cancellations plus refunds in the window needed before the share is looked at, so one cancellation is never a flag.";
  public static final String RISK_CANCELLATION_MIN_SHARE_CONFIG = "risk.cancellation.min.share";
  private static final String RISK_CANCELLATION_MIN_SHARE_DOC = "Cancellation-abuse rule: cancelled plus refunded value in the window over the value placed in the last 90 days (capped at 1; never flagged when nothing was placed in them) at or above this is flagged. Rationale: refund abuse and 'buy, use, return' show as most of what was bought coming back.";
  public static final String RISK_SCORE_COLLAPSE_POINTS_CONFIG = "risk.score.collapse.points";
  private static final String RISK_SCORE_COLLAPSE_POINTS_DOC = "Score-collapse rule: a purchasing-power score this many points (0-100 scale) below the user's highest score of the same model version in the window is flagged (needs a model). Rationale: a sudden fall in predicted spend after a burst of cancellations or a change of behaviour is worth a look before extending credit.";
  public static final String RISK_SCORE_COLLAPSE_WINDOW_MS_CONFIG = "risk.score.collapse.window.ms";
  private static final String RISK_SCORE_COLLAPSE_WINDOW_MS_DOC = "Score-collapse rule: the window (event time of the scores' triggering events) the highest earlier score is taken over.";
  public static final String HTTP_AUTH_ENABLED_CONFIG = "http.auth.enabled";
  private static final String HTTP_AUTH_ENABLED_DOC = "Require a bearer token on every HTTP path except /health/live, /health/ready and /metrics. With no token configured the app refuses to start unless this is set to false explicitly.";
  public static final String HTTP_AUTH_TOKEN_CONFIG = "http.auth.token";
  private static final String HTTP_AUTH_TOKEN_DOC = "Accepted bearer token(s), comma-separated so a new token can be rolled out before the old one is removed. Never logged.";
  public static final String HTTP_ADMIN_TOKEN_CONFIG = "http.admin.token";
  private static final String HTTP_ADMIN_TOKEN_DOC = "Bearer token(s), comma-separated, that alone may call the /v1/admin/ paths (user erasure); they are accepted on every other path too. Empty: any http.auth.token may erase (a WARN at start). Refused with http.auth.enabled=false. Never logged.";
  public static final String HTTP_PEER_TOKEN_CONFIG = "http.peer.token";
  private static final String HTTP_PEER_TOKEN_DOC = "Token this instance sends when forwarding a query to the owning instance, and also accepts. Set it, the same on every instance, and keep it unchanged while http.auth.token is rotated: empty means the first http.auth.token, and instances whose first tokens differ (mid-rotation) refuse each other's forwards, which clients see as 502 peer authentication failed. Never logged.";
  public static final String HTTP_TLS_ENABLED_CONFIG = "http.tls.enabled";
  private static final String HTTP_TLS_ENABLED_DOC = "Serve the HTTP API over TLS (https) with http.tls.keystore.*; forwarding between instances then uses https and trusts http.tls.truststore.*.";
  public static final String HTTP_TLS_KEYSTORE_LOCATION_CONFIG = "http.tls.keystore.location";
  private static final String HTTP_TLS_KEYSTORE_LOCATION_DOC = "Keystore with this instance's key and certificate (required with http.tls.enabled).";
  public static final String HTTP_TLS_KEYSTORE_PASSWORD_CONFIG = "http.tls.keystore.password";
  private static final String HTTP_TLS_KEYSTORE_PASSWORD_DOC = "Password of the keystore and its key. Never logged.";
  public static final String HTTP_TLS_KEYSTORE_TYPE_CONFIG = "http.tls.keystore.type";
  private static final String HTTP_TLS_KEYSTORE_TYPE_DOC = "Keystore type: PKCS12 or JKS.";
  public static final String HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG = "http.tls.truststore.location";
  private static final String HTTP_TLS_TRUSTSTORE_LOCATION_DOC = "Truststore the forwarding client uses to verify other instances; empty uses the JVM's default trust.";
  public static final String HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG = "http.tls.truststore.password";
  private static final String HTTP_TLS_TRUSTSTORE_PASSWORD_DOC = "Password of the truststore. Never logged.";
  public static final String HTTP_TLS_TRUSTSTORE_TYPE_CONFIG = "http.tls.truststore.type";
  private static final String HTTP_TLS_TRUSTSTORE_TYPE_DOC = "Truststore type: PKCS12 or JKS.";

  public static final String LOG_USER_IDS_CONFIG = "log.user.ids";
  private static final String LOG_USER_IDS_DOC = "How user ids appear in logs: hashed (default; a salted SHA-256 prefix, the same id always gives the same hash, so log lines of one user can still be correlated) or plain.";
  public static final String LOG_USER_ID_SALT_CONFIG = "log.user.id.salt";
  private static final String LOG_USER_ID_SALT_DOC = "Per-deployment salt of the hashed user ids in logs; without it a hash can be reversed by hashing candidate ids. Never logged.";

  public static final String TOPIC_USER_ERASURE_CONFIG = "topic.user.erasure";
  private static final String TOPIC_USER_ERASURE_DOC = "Input topic of erasure requests (key: user id; value: UserErasureRequest). Each request deletes the user's state in every store and, with scoring on, writes a tombstone for the user to the scores topic. Must have as many partitions as the input topics.";

  /**
   * Smallest accepted minimum value of the spend-spike and new-account rules (one cent): they divide the
   * order value by it, so 0 must fail here, naming the key, not later in RiskSettings.
   */
  private static final double MIN_AMOUNT = 0.01;

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(APPLICATION_ID_CONFIG, Type.STRING, "ppscore", new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", new ConfigDef.NonEmptyString(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
      .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
          ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH, PROCESSING_GUARANTEE_DOC)
      .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
      .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.between(0, 10), Importance.MEDIUM, NUM_STANDBY_REPLICAS_DOC)
      .define(STATE_DIR_CONFIG, Type.STRING, System.getProperty("java.io.tmpdir") + "/ppscore-state", new ConfigDef.NonEmptyString(), Importance.MEDIUM, STATE_DIR_DOC)
      .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.between(10L, 60_000L), Importance.LOW, COMMIT_INTERVAL_MS_DOC)
      .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "http://localhost:8081", new ConfigDef.NonEmptyString(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
      .define(SCHEMA_REGISTRY_BASIC_AUTH_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SCHEMA_REGISTRY_BASIC_AUTH_DOC)
      .define(SCHEMA_REGISTRY_TRUSTSTORE_CONFIG, Type.STRING, "", Importance.LOW, SCHEMA_REGISTRY_TRUSTSTORE_DOC)
      .define(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_DOC)
      .define(SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, SCHEMA_REGISTRY_AUTO_REGISTER_DOC)
      .define(SCHEMA_REGISTRY_USE_LATEST_CONFIG, Type.BOOLEAN, false, Importance.LOW, SCHEMA_REGISTRY_USE_LATEST_DOC)
      .define(TOPIC_CLICKS_CONFIG, Type.STRING, "clicks", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_CLICKS_DOC)
      .define(TOPIC_CARTS_CONFIG, Type.STRING, "carts", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_CARTS_DOC)
      .define(TOPIC_ORDERS_CONFIG, Type.STRING, "orders", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_ORDERS_DOC)
      .define(TOPIC_DEAD_LETTER_CONFIG, Type.STRING, "ppscore-dead-letter", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_DEAD_LETTER_DOC)
      .define(TOPIC_SCORES_CONFIG, Type.STRING, "purchasing-power-scores", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_SCORES_DOC)
      .define(SCORING_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.between(10L, Duration.ofMinutes(10).toMillis()), Importance.MEDIUM, SCORING_INTERVAL_MS_DOC)
      .define(SCORING_COMMIT_AFTER_RUN_CONFIG, Type.BOOLEAN, true, Importance.LOW, SCORING_COMMIT_AFTER_RUN_DOC)
      .define(SCORING_MAX_BATCH_USERS_CONFIG, Type.INT, 512, Range.between(1, 100_000), Importance.MEDIUM, SCORING_MAX_BATCH_USERS_DOC)
      .define(SCORING_MAX_BATCH_TEXTS_CONFIG, Type.INT, 1024, Range.between(1, 1_000_000), Importance.LOW, SCORING_MAX_BATCH_TEXTS_DOC)
      .define(SCORING_REFRESH_AGE_MS_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), new RefreshAgeValidator(), Importance.MEDIUM, SCORING_REFRESH_AGE_MS_DOC)
      .define(SCORING_REFRESH_INTERVAL_MS_CONFIG, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.between(1_000L, Duration.ofHours(1).toMillis()), Importance.LOW, SCORING_REFRESH_INTERVAL_MS_DOC)
      .define(SCORING_REFRESH_MAX_USERS_CONFIG, Type.INT, 256, Range.between(1, 100_000), Importance.LOW, SCORING_REFRESH_MAX_USERS_DOC)
      .define(MODEL_DIR_CONFIG, Type.STRING, "models", Importance.HIGH, MODEL_DIR_DOC)
      .define(INFERENCE_DEVICE_CONFIG, Type.STRING, "auto", new DeviceValidator(), Importance.MEDIUM, INFERENCE_DEVICE_DOC)
      .define(INFERENCE_THREADS_CONFIG, Type.INT, 0, Range.between(0, 256), Importance.LOW, INFERENCE_THREADS_DOC)
      .define(INFERENCE_BATCH_SIZE_CONFIG, Type.INT, EncoderOptions.DEFAULT_BATCH_SIZE, Range.between(1, 1024), Importance.LOW, INFERENCE_BATCH_SIZE_DOC)
      .define(INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG, Type.INT, EncoderOptions.DEFAULT_MAX_SEQUENCE_LENGTH, Range.between(EncoderOptions.MIN_SEQUENCE_LENGTH, EncoderOptions.MAX_SEQUENCE_LENGTH_LIMIT), Importance.LOW, INFERENCE_MAX_SEQUENCE_LENGTH_DOC)
      .define(EMBEDDING_CACHE_SIZE_CONFIG, Type.INT, 50_000, Range.between(1, 10_000_000), Importance.LOW, EMBEDDING_CACHE_SIZE_DOC)
      .define(EMBEDDING_CACHE_PERSIST_CONFIG, Type.BOOLEAN, false, Importance.LOW, EMBEDDING_CACHE_PERSIST_DOC)
      .define(EMBEDDING_CACHE_PERSIST_MAX_BYTES_CONFIG, Type.LONG, PersistedTextEncoder.DEFAULT_MAX_BYTES, Range.between(16L << 20, 4L << 30), Importance.LOW, EMBEDDING_CACHE_PERSIST_MAX_BYTES_DOC)
      .define(ERASURE_SUPPRESSION_MS_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.between(0L, Duration.ofDays(365).toMillis()), Importance.LOW, ERASURE_SUPPRESSION_MS_DOC)
      .define(DEDUP_HORIZON_MS_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.between(1_000L, Duration.ofDays(30).toMillis()), Importance.MEDIUM, DEDUP_HORIZON_MS_DOC)
      .define(STATE_RECORD_CACHE_CONFIG, Type.BOOLEAN, false, Importance.LOW, STATE_RECORD_CACHE_DOC)
      .define(GRACE_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.between(0L, Duration.ofDays(7).toMillis()), Importance.MEDIUM, GRACE_MS_DOC)
      .define(CURRENCY_DEFAULT_CONFIG, Type.STRING, "GBP", new CurrencyCodeValidator(), Importance.LOW, CURRENCY_DEFAULT_DOC)
      .define(VALIDATION_MAX_STRING_LENGTH_CONFIG, Type.INT, 1_000, Range.between(16, 1_000_000), Importance.LOW, VALIDATION_MAX_STRING_LENGTH_DOC)
      .define(VALIDATION_MAX_ID_LENGTH_CONFIG, Type.INT, 128, Range.between(8, 4_096), Importance.LOW, VALIDATION_MAX_ID_LENGTH_DOC)
      .define(VALIDATION_MAX_FUTURE_MS_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.between(0L, Duration.ofDays(7).toMillis()), Importance.LOW, VALIDATION_MAX_FUTURE_MS_DOC)
      .define(VALIDATION_MIN_EVENT_TIME_CONFIG, Type.LONG, 946_684_800_000L, Range.atLeast(0L), Importance.LOW, VALIDATION_MIN_EVENT_TIME_DOC)
      .define(VALIDATION_MAX_UNIT_PRICE_CONFIG, Type.DOUBLE, 1_000_000.0, Range.between(1.0, 1e12), Importance.LOW, VALIDATION_MAX_UNIT_PRICE_DOC)
      .define(VALIDATION_MAX_QUANTITY_CONFIG, Type.INT, 100_000, Range.between(1, Integer.MAX_VALUE), Importance.LOW, VALIDATION_MAX_QUANTITY_DOC)
      .define(VALIDATION_MAX_ORDER_LINES_CONFIG, Type.INT, 1_000, Range.between(1, 100_000), Importance.LOW, VALIDATION_MAX_ORDER_LINES_DOC)
      .define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM, HTTP_HOST_DOC)
      .define(HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(0, 65_535), Importance.MEDIUM, HTTP_PORT_DOC)
      .define(HTTP_MANAGEMENT_PORT_CONFIG, Type.INT, 8085, Range.between(-1, 65_535), Importance.MEDIUM, HTTP_MANAGEMENT_PORT_DOC)
      .define(HTTP_ADVERTISED_CONFIG, Type.STRING, "", new EndpointValidator(), Importance.MEDIUM, HTTP_ADVERTISED_DOC)
      .define(HTTP_THREADS_CONFIG, Type.INT, 8, Range.between(1, 256), Importance.LOW, HTTP_THREADS_DOC)
      .define(HTTP_QUEUE_SIZE_CONFIG, Type.INT, 64, Range.between(1, 100_000), Importance.LOW, HTTP_QUEUE_SIZE_DOC)
      .define(HTTP_FORWARD_TIMEOUT_MS_CONFIG, Type.LONG, 2_000L, Range.between(100L, HTTP_FORWARD_TIMEOUT_MS_MAX), Importance.LOW, HTTP_FORWARD_TIMEOUT_MS_DOC)
      .define(ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG, Type.LONG, 256L << 20, new TotalBytesValidator(), Importance.MEDIUM, ROCKSDB_MEMORY_TOTAL_BYTES_DOC)
      .define(ROCKSDB_MEMORY_WRITE_BUFFER_RATIO_CONFIG, Type.DOUBLE, 0.5, Range.between(0.05, 0.8), Importance.LOW, ROCKSDB_MEMORY_WRITE_BUFFER_RATIO_DOC)
      .define(ROCKSDB_MEMORY_HIGH_PRIORITY_RATIO_CONFIG, Type.DOUBLE, 0.1, Range.between(0.0, 0.19), Importance.LOW, ROCKSDB_MEMORY_HIGH_PRIORITY_RATIO_DOC)
      .define(ROCKSDB_MEMORY_STRICT_CAPACITY_CONFIG, Type.BOOLEAN, false, Importance.LOW, ROCKSDB_MEMORY_STRICT_CAPACITY_DOC)
      .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, Range.between(1_000L, Duration.ofMinutes(10).toMillis()), Importance.MEDIUM, SHUTDOWN_TIMEOUT_MS_DOC)
      .define(SHUTDOWN_LEAVE_GROUP_CONFIG, Type.BOOLEAN, true, Importance.LOW, SHUTDOWN_LEAVE_GROUP_DOC)
      .define(RISK_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, RISK_ENABLED_DOC)
      .define(TOPIC_RISK_FLAGS_CONFIG, Type.STRING, "risk-flags", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_RISK_FLAGS_DOC)
      .define(RISK_COOLDOWN_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.between(0L, Duration.ofDays(365).toMillis()), Importance.MEDIUM, RISK_COOLDOWN_MS_DOC)
      .define(RISK_SEVERITY_STEP_CONFIG, Type.DOUBLE, 2.0, Range.between(1.01, 100.0), Importance.LOW, RISK_SEVERITY_STEP_DOC)
      .define(RISK_VELOCITY_ORDERS_10M_CONFIG, Type.INT, 5, Range.between(2, 1_000_000), Importance.MEDIUM, RISK_VELOCITY_ORDERS_10M_DOC)
      .define(RISK_VELOCITY_ORDERS_1H_CONFIG, Type.INT, 8, Range.between(2, 1_000_000), Importance.MEDIUM, RISK_VELOCITY_ORDERS_1H_DOC)
      .define(RISK_VELOCITY_CART_ADDS_10M_CONFIG, Type.INT, 40, Range.between(2, 1_000_000), Importance.MEDIUM, RISK_VELOCITY_CART_ADDS_10M_DOC)
      .define(RISK_VELOCITY_CART_ADDS_1H_CONFIG, Type.INT, 120, Range.between(2, 1_000_000), Importance.MEDIUM, RISK_VELOCITY_CART_ADDS_1H_DOC)
      .define(RISK_SPIKE_P95_FACTOR_CONFIG, Type.DOUBLE, 5.0, Range.between(1.0, 1_000.0), Importance.MEDIUM, RISK_SPIKE_P95_FACTOR_DOC)
      .define(RISK_SPIKE_MIN_HISTORY_CONFIG, Type.INT, 5, Range.between(1, 100), Importance.LOW, RISK_SPIKE_MIN_HISTORY_DOC)
      .define(RISK_SPIKE_PREDICTED_FACTOR_CONFIG, Type.DOUBLE, 3.0, Range.between(0.1, 1_000.0), Importance.MEDIUM, RISK_SPIKE_PREDICTED_FACTOR_DOC)
      .define(RISK_SPIKE_SCORE_MAX_AGE_MS_CONFIG, Type.LONG, Duration.ofDays(1).toMillis(), Range.between(0L, Duration.ofDays(365).toMillis()), Importance.LOW, RISK_SPIKE_SCORE_MAX_AGE_MS_DOC)
      .define(RISK_SPIKE_MIN_VALUE_CONFIG, Type.DOUBLE, 500.0, Range.between(MIN_AMOUNT, 1e12), Importance.MEDIUM, RISK_SPIKE_MIN_VALUE_DOC)
      .define(RISK_NEW_ACCOUNT_MAX_AGE_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.between(0L, Duration.ofDays(365).toMillis()), Importance.MEDIUM, RISK_NEW_ACCOUNT_MAX_AGE_MS_DOC)
      .define(RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG, Type.DOUBLE, 3_000.0, Range.between(MIN_AMOUNT, 1e12), Importance.MEDIUM, RISK_NEW_ACCOUNT_MIN_VALUE_DOC)
      .define(RISK_CANCELLATION_WINDOW_CONFIG, Type.STRING, "30d", ConfigDef.ValidString.in("7d", "30d", "90d"), Importance.LOW, RISK_CANCELLATION_WINDOW_DOC)
      .define(RISK_CANCELLATION_MIN_COUNT_CONFIG, Type.INT, 4, Range.between(2, 1_000_000), Importance.MEDIUM, RISK_CANCELLATION_MIN_COUNT_DOC)
      .define(RISK_CANCELLATION_MIN_SHARE_CONFIG, Type.DOUBLE, 0.5, Range.between(0.01, 1.0), Importance.MEDIUM, RISK_CANCELLATION_MIN_SHARE_DOC)
      .define(RISK_SCORE_COLLAPSE_POINTS_CONFIG, Type.DOUBLE, 30.0, Range.between(1.0, 100.0), Importance.MEDIUM, RISK_SCORE_COLLAPSE_POINTS_DOC)
      .define(RISK_SCORE_COLLAPSE_WINDOW_MS_CONFIG, Type.LONG, Duration.ofDays(7).toMillis(), Range.between(60_000L, Duration.ofDays(365).toMillis()), Importance.LOW, RISK_SCORE_COLLAPSE_WINDOW_MS_DOC)
      .define(HTTP_AUTH_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, HTTP_AUTH_ENABLED_DOC)
      .define(HTTP_AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_AUTH_TOKEN_DOC)
      .define(HTTP_PEER_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, HTTP_PEER_TOKEN_DOC)
      .define(HTTP_ADMIN_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, HTTP_ADMIN_TOKEN_DOC)
      .define(HTTP_TLS_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, HTTP_TLS_ENABLED_DOC)
      .define(HTTP_TLS_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, HTTP_TLS_KEYSTORE_LOCATION_DOC)
      .define(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, HTTP_TLS_KEYSTORE_PASSWORD_DOC)
      .define(HTTP_TLS_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW, HTTP_TLS_KEYSTORE_TYPE_DOC)
      .define(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, HTTP_TLS_TRUSTSTORE_LOCATION_DOC)
      .define(HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, HTTP_TLS_TRUSTSTORE_PASSWORD_DOC)
      .define(HTTP_TLS_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW, HTTP_TLS_TRUSTSTORE_TYPE_DOC)
      .define(LOG_USER_IDS_CONFIG, Type.STRING, "hashed", ValidString.in("hashed", "plain"), Importance.MEDIUM, LOG_USER_IDS_DOC)
      .define(LOG_USER_ID_SALT_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, LOG_USER_ID_SALT_DOC)
      .define(TOPIC_USER_ERASURE_CONFIG, Type.STRING, "user-erasure", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_USER_ERASURE_DOC)
      .define(SCORING_EMBEDDING_PREFETCH_CONFIG, Type.BOOLEAN, false, Importance.LOW, SCORING_EMBEDDING_PREFETCH_DOC)
      .define(SCORING_EMBEDDING_COALESCE_CONFIG, Type.BOOLEAN, true, Importance.LOW, SCORING_EMBEDDING_COALESCE_DOC)
      .define(SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_CONFIG, Type.INT, 4_096, Range.between(1, 1_000_000), Importance.LOW, SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_DOC);

  /** Builds and validates a configuration; throws {@link ConfigException} naming the first bad key. */
  public AppConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  /** The definition, for {@code --describe} style documentation. */
  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  /**
   * Layers environment variables over the given properties: {@code PPSCORE_HTTP_PORT=9090} sets
   * {@code http.port}, {@code PPSCORE_KAFKA_SECURITY_PROTOCOL=SSL} sets {@code kafka.security.protocol}.
   * An unknown key fails, as a bad value does, naming where it came from (see {@link ConfigLayers}).
   */
  public static AppConfig fromEnvironment(Properties file, Map<String, String> env) {
    return new ConfigLayers().add(file, "properties file").addEnvironment(env).build();
  }

  /** A copy of this configuration with some keys replaced (used by the demo and tests). */
  public AppConfig with(Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>(originals());
    merged.putAll(overrides);
    return new AppConfig(merged);
  }

  /** Kafka client and Streams properties given with the {@value #KAFKA_PREFIX} prefix, prefix removed. */
  public Map<String, Object> kafkaOverrides() {
    return originalsWithPrefix(KAFKA_PREFIX, true);
  }

  public String applicationId() { return getString(APPLICATION_ID_CONFIG); }
  public String bootstrapServers() { return getString(BOOTSTRAP_SERVERS_CONFIG); }
  public String schemaRegistryUrl() { return getString(SCHEMA_REGISTRY_URL_CONFIG); }
  public String clicksTopic() { return getString(TOPIC_CLICKS_CONFIG); }
  public String cartsTopic() { return getString(TOPIC_CARTS_CONFIG); }
  public String ordersTopic() { return getString(TOPIC_ORDERS_CONFIG); }
  public String deadLetterTopic() { return getString(TOPIC_DEAD_LETTER_CONFIG); }
  public String scoresTopic() { return getString(TOPIC_SCORES_CONFIG); }
  public String userErasureTopic() { return getString(TOPIC_USER_ERASURE_CONFIG); }
  public Duration scoringInterval() { return Duration.ofMillis(getLong(SCORING_INTERVAL_MS_CONFIG)); }
  public int scoringMaxBatchUsers() { return getInt(SCORING_MAX_BATCH_USERS_CONFIG); }
  public int scoringMaxBatchTexts() { return getInt(SCORING_MAX_BATCH_TEXTS_CONFIG); }
  /** How old (wall clock) a latest score may get before it is computed again; zero: never. */
  public Duration scoringRefreshAge() { return Duration.ofMillis(getLong(SCORING_REFRESH_AGE_MS_CONFIG)); }
  public Duration scoringRefreshInterval() { return Duration.ofMillis(getLong(SCORING_REFRESH_INTERVAL_MS_CONFIG)); }
  public int scoringRefreshMaxUsers() { return getInt(SCORING_REFRESH_MAX_USERS_CONFIG); }
  /** Whether a scoring run requests a commit: configured, and only meaningful with exactly-once. */
  public boolean scoringCommitAfterRun() {
    return getBoolean(SCORING_COMMIT_AFTER_RUN_CONFIG)
        && !"at_least_once".equals(getString(PROCESSING_GUARANTEE_CONFIG));
  }
  /** The model directory; empty when {@code model.dir} is blank (scoring disabled). */
  public Optional<Path> modelDir() {
    String dir = getString(MODEL_DIR_CONFIG);
    return dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir.trim()));
  }

  public DeviceSpec inferenceDevice() { return DeviceSpec.parse(getString(INFERENCE_DEVICE_CONFIG)); }
  /** The configured intra-op threads, or half the available cores (at least 1) for 0. */
  public int inferenceThreads() {
    int configured = getInt(INFERENCE_THREADS_CONFIG);
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }
  /** Most texts per model run of the text encoder ({@value #INFERENCE_BATCH_SIZE_CONFIG}). */
  public int inferenceBatchSize() { return getInt(INFERENCE_BATCH_SIZE_CONFIG); }
  /** Tokens kept of each text, {@code [CLS]} and {@code [SEP]} included ({@value #INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG}). */
  public int inferenceMaxSequenceLength() { return getInt(INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG); }

  /**
   * {@value #INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG} when it was set (a file, the environment, {@code --set}), else
   * {@code modelsLength}: unset, the encoder keeps as many tokens as the model was trained with.
   */
  public int inferenceMaxSequenceLength(int modelsLength) {
    return originals().containsKey(INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG) ? inferenceMaxSequenceLength() : modelsLength;
  }
  public int embeddingCacheSize() { return getInt(EMBEDDING_CACHE_SIZE_CONFIG); }
  /** Whether embeddings are kept on disk too ({@value #EMBEDDING_CACHE_PERSIST_CONFIG}). */
  public boolean embeddingCachePersist() { return getBoolean(EMBEDDING_CACHE_PERSIST_CONFIG); }
  /** Most bytes of table files per persisted embedding cache directory ({@value #EMBEDDING_CACHE_PERSIST_MAX_BYTES_CONFIG}). */
  public long embeddingCachePersistMaxBytes() { return getLong(EMBEDDING_CACHE_PERSIST_MAX_BYTES_CONFIG); }
  /**
   * Where the persisted embedding cache keeps one directory per embedding space: {@code embedding-cache} under
   * {@value #STATE_DIR_CONFIG}, beside (not inside) Kafka Streams' {@code <application.id>} directory, which a
   * store-layout wipe or a reset deletes.
   */
  public Path embeddingCachePersistRoot() { return Path.of(getString(STATE_DIR_CONFIG), "embedding-cache"); }
  public Duration erasureSuppression() { return Duration.ofMillis(getLong(ERASURE_SUPPRESSION_MS_CONFIG)); }
  public boolean embeddingPrefetch() { return getBoolean(SCORING_EMBEDDING_PREFETCH_CONFIG); }
  public boolean embeddingCoalesce() { return getBoolean(SCORING_EMBEDDING_COALESCE_CONFIG); }
  public int embeddingPrefetchQueueSize() { return getInt(SCORING_EMBEDDING_PREFETCH_QUEUE_SIZE_CONFIG); }
  public Duration dedupHorizon() { return Duration.ofMillis(getLong(DEDUP_HORIZON_MS_CONFIG)); }
  public Duration grace() { return Duration.ofMillis(getLong(GRACE_MS_CONFIG)); }
  public boolean stateRecordCache() { return getBoolean(STATE_RECORD_CACHE_CONFIG); }
  public String defaultCurrency() { return getString(CURRENCY_DEFAULT_CONFIG); }
  public int httpPort() { return getInt(HTTP_PORT_CONFIG); }
  /** {@value #HTTP_MANAGEMENT_PORT_CONFIG}, or -1 for no management server (also when it is http.port's own). */
  public int httpManagementPort() {
    int port = getInt(HTTP_MANAGEMENT_PORT_CONFIG);
    return port != 0 && port == httpPort() ? -1 : port;
  }
  public String httpHost() { return getString(HTTP_HOST_CONFIG); }
  public int httpThreads() { return getInt(HTTP_THREADS_CONFIG); }
  public int httpQueueSize() { return getInt(HTTP_QUEUE_SIZE_CONFIG); }
  public Duration httpForwardTimeout() { return Duration.ofMillis(getLong(HTTP_FORWARD_TIMEOUT_MS_CONFIG)); }
  public boolean riskEnabled() { return getBoolean(RISK_ENABLED_CONFIG); }
  public String riskFlagsTopic() { return getString(TOPIC_RISK_FLAGS_CONFIG); }

  /** Accepts what {@link DeviceSpec#parse} accepts, failing with its message and the key. */
  private static final class DeviceValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        DeviceSpec.parse(String.valueOf(value));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "auto, cpu, cuda or cuda:N";
    }
  }

  /** host:port advertised to other instances for interactive-query forwarding. */
  public String advertisedEndpoint() {
    String advertised = getString(HTTP_ADVERTISED_CONFIG);
    return advertised.isBlank() ? "localhost:" + httpPort() : advertised;
  }

  /** The shared RocksDB memory budget of this instance ({@code rocksdb.memory.*}). */
  public RocksDBMemoryBudget rocksDBMemoryBudget() {
    return new RocksDBMemoryBudget(getLong(ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG), getDouble(ROCKSDB_MEMORY_WRITE_BUFFER_RATIO_CONFIG),
        getDouble(ROCKSDB_MEMORY_HIGH_PRIORITY_RATIO_CONFIG), getBoolean(ROCKSDB_MEMORY_STRICT_CAPACITY_CONFIG));
  }

  public Duration shutdownTimeout() { return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS_CONFIG)); }
  public boolean shutdownLeavesGroup() { return getBoolean(SHUTDOWN_LEAVE_GROUP_CONFIG); }

  /**
   * Three upper-case letters, as the event validator requires of an event's currency: a profile whose first
   * event took {@code gbp} from here would dead-letter every later {@code GBP} order as a currency conflict.
   */
  private static final class CurrencyCodeValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!Money.isCurrencyCode((String) value)) {
        throw new ConfigException(name, value, "must be an ISO 4217 code of three upper-case letters, e.g. GBP");
      }
    }

    @Override
    public String toString() {
      return "three upper-case letters (ISO 4217)";
    }
  }

  /** 0 (off) or from a minute to a year: a shorter age would recompute every score at every sweep. */
  private static final class RefreshAgeValidator implements ConfigDef.Validator {
    private static final long MIN = Duration.ofMinutes(1).toMillis();
    private static final long MAX = Duration.ofDays(365).toMillis();

    @Override
    public void ensureValid(String name, Object value) {
      long ms = (Long) value;
      if (ms != 0 && (ms < MIN || ms > MAX)) {
        throw new ConfigException(name, value, "must be 0 (refresh off) or between " + MIN + " and " + MAX);
      }
    }

    @Override
    public String toString() {
      return "0 or [" + MIN + ",...," + MAX + "]";
    }
  }

  /** 0 (unbounded) or at least {@link RocksDBMemoryBudget#MIN_TOTAL_BYTES}. */
  private static final class TotalBytesValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      long bytes = (Long) value;
      if (bytes != 0 && bytes < RocksDBMemoryBudget.MIN_TOTAL_BYTES) {
        throw new ConfigException(name, value, "must be 0 (unbounded) or at least " + RocksDBMemoryBudget.MIN_TOTAL_BYTES);
      }
    }

    @Override
    public String toString() {
      return "0 or [" + RocksDBMemoryBudget.MIN_TOTAL_BYTES + ",...]";
    }
  }
}
