package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.config.AppVersion;
import io.ppscore.metrics.AppMetrics;
import io.ppscore.metrics.StreamsMeters;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.query.AdvertisedEndpointCheck;
import io.ppscore.query.HttpApi;
import io.ppscore.query.LatestScoreReader;
import io.ppscore.query.RiskFlagReader;
import io.ppscore.query.StoreBackedRiskFlagReader;
import io.ppscore.risk.RiskEngine;
import io.ppscore.risk.RiskSettings;
import io.ppscore.query.StoreBackedLatestScoreReader;
import io.ppscore.query.StoreBackedUserStateReader;
import io.ppscore.query.StreamsHealth;
import io.ppscore.query.UserQueryService;
import io.ppscore.state.RocksDBMemoryBudget;
import io.ppscore.state.RocksDBMemoryPool;
import io.ppscore.state.StoreNames;
import io.ppscore.topology.PurchasingPowerTopology;
import io.ppscore.topology.TopologySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running ppscore instance: the Kafka Streams topology and the HTTP API, wired from an
 * {@link AppConfig}. Wiring only: behaviour lives in the topology, state and query packages.
 */
public final class PpscoreApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PpscoreApp.class);
  /** How often the metadata is compared with this instance's active tasks ({@link AdvertisedEndpointCheck}). */
  private static final java.time.Duration ENDPOINT_CHECK_PERIOD = java.time.Duration.ofSeconds(10);

  private final AppConfig config;
  private final KafkaStreams streams;
  private final HttpApi http;
  private final ScoringComponents scoring;
  private final RocksDBMemoryPool memory;
  private final KafkaErasureRequests erasures;
  private final AppMetrics metrics;
  private final AutoCloseable streamsMetrics;
  private final StreamsEnd streamsEnd;
  private final AdvertisedEndpointCheck.Running endpointCheck;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean streamsStopped;

  private PpscoreApp(AppConfig config, KafkaStreams streams, StreamsEnd streamsEnd, HttpApi http,
      ScoringComponents scoring, RocksDBMemoryPool memory, KafkaErasureRequests erasures, AppMetrics metrics,
      AutoCloseable streamsMetrics, AdvertisedEndpointCheck.Running endpointCheck) {
    this.config = config;
    this.endpointCheck = endpointCheck;
    this.streamsEnd = streamsEnd;
    this.metrics = metrics;
    this.streamsMetrics = streamsMetrics;
    this.streams = streams;
    this.http = http;
    this.scoring = scoring;
    this.memory = memory;
    this.erasures = erasures;
  }

  /** Builds the topology and the API and starts both; returns once the HTTP port is bound. */
  public static PpscoreApp start(AppConfig config) {
    return start(config, StreamsProperties.registryClient(config));
  }

  /** As {@link #start(AppConfig)}, with a given schema registry client. */
  public static PpscoreApp start(AppConfig config, SchemaRegistry registry) {
    return start(config, registry, HttpSecurity.from(config));
  }

  /** As {@link #start(AppConfig, SchemaRegistry)}, with the API's security checked and loaded beforehand. */
  static PpscoreApp start(AppConfig config, SchemaRegistry registry, HttpSecurity security) {
    StreamsProtocolThreads.requireQueryable(config); // run, demo and bench refuse it earlier, from their options
    ScoringComponents scoring = ScoringComponents.load(config);
    try {
      return start(config, registry, security, scoring);
    } catch (RuntimeException | Error e) {
      scoring.close();
      throw e;
    }
  }

  private static PpscoreApp start(AppConfig config, SchemaRegistry registry, HttpSecurity security,
      ScoringComponents scoring) {
    RocksDBMemoryBudget budget = config.rocksDBMemoryBudget();
    RocksDBMemoryPool memory = budget.bounded() ? RocksDBMemoryPool.open(budget) : null;
    try {
      return start(config, registry, security, scoring, memory);
    } catch (RuntimeException | Error e) {
      if (memory != null) {
        memory.close();
      }
      throw e;
    }
  }

  private static PpscoreApp start(AppConfig config, SchemaRegistry registry, HttpSecurity security,
      ScoringComponents scoring, RocksDBMemoryPool memory) {
    Properties props = memory == null ? StreamsProperties.from(config) : StreamsProperties.from(config, memory);
    Topics topics = Topics.from(config, registry);
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    Optional<RiskEngine> risk = config.riskEnabled()
        ? Optional.of(new RiskEngine(RiskSettings.from(config), AppVersion.get())) : Optional.empty();
    AppMetrics metrics = AppMetrics.prometheus();
    TopologySettings settings = TopologySettings.from(config, InputPartitions.count(config, props));
    Topology topology = PurchasingPowerTopology.build(builder, topics, settings,
        scoring.scorer(), scoring.encoder(), scoring.prefetch(), risk, metrics, scoring.gate());
    LOG.debug("Topology:\n{}", topology.describe());
    KafkaStreams streams = new KafkaStreams(topology, props);
    StreamsConfig effective = new StreamsConfig(props); // kafka.bootstrap.servers, kafka.commit.interval.ms win (other kafka.* copies of ppscore keys are refused)
    KafkaErasureRequests erasures = null;
    StreamsEnd streamsEnd = new StreamsEnd();
    AutoCloseable streamsMetrics = null;
    HttpApi http = null;
    AdvertisedEndpointCheck.Running endpointCheck = null;
    try {
      ThreadReplacements replacements = ThreadReplacements.standard(
          effective.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
      metrics.streamThreadReplacements(replacements::replaced);
      streams.setUncaughtExceptionHandler(e -> {
        StreamThreadExceptionResponse response = replacements.onFailure(System.currentTimeMillis());
        if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
          LOG.error("Stream thread failed; replacing it (work restarts from the last commit)", e);
        } else {
          LOG.error("Stream thread failed after {} replacements in a row (none {} apart): shutting this instance "
              + "down instead of replacing it again (the same failure, a record that fails its task on every attempt "
              + "say, would repeat for ever); ppscore run exits with status 1", ThreadReplacements.MAX_REPLACEMENTS,
              ThreadReplacements.QUIET_PERIOD, e);
        }
        return response;
      });
      StreamsHealth.Readiness streamsReady = StreamsHealth.ready(streams);
      streams.setStateListener((newState, oldState) -> {
        streamsReady.onChange(newState, oldState);
        streamsEnd.onChange(newState, oldState);
      });
      streamsMetrics = StreamsMeters.bind(metrics, streams,
          List.of(config.clicksTopic(), config.cartsTopic(), config.ordersTopic()));
      if (scoring.enabled()) {
        StreamsMeters.bindEncoder(metrics, scoring.encoder());
        scoring.prefetcher().ifPresent(p -> StreamsMeters.bindPrefetcher(metrics, p));
      }
      HostInfo self = HostInfo.buildFromEndpoint(config.advertisedEndpoint());
      endpointCheck = AdvertisedEndpointCheck.start(streams, self, ENDPOINT_CHECK_PERIOD);
      io.ppscore.events.LogIds.configure(config.getString(AppConfig.LOG_USER_IDS_CONFIG),
          config.getPassword(AppConfig.LOG_USER_ID_SALT_CONFIG).value());
      erasures = KafkaErasureRequests.create(config, java.time.Clock.systemUTC());
      HttpApi.Builder api = HttpApi.builder()
          .host(config.httpHost())
          .port(config.httpPort())
          .managementPort(config.httpManagementPort())
          .threads(config.httpThreads(), config.httpQueueSize())
          .forwardTimeout(config.httpForwardTimeout())
          .maxUserIdLength(config.getInt(AppConfig.VALIDATION_MAX_ID_LENGTH_CONFIG))
          .selfEndpoint(self)
          .locator(UserQueryService.forStore(streams, StoreNames.USER_PROFILE, Serdes.String().serializer(), self))
          .reader(new StoreBackedUserStateReader(streams, new io.ppscore.state.WindowHorizon(
              PurchasingPowerTopology.windowStoreRetentions(settings), settings.limits().maxFuture())))
          .scores(scoring.enabled() ? new StoreBackedLatestScoreReader(streams) : LatestScoreReader.NONE)
          .flags(risk.isPresent() ? new StoreBackedRiskFlagReader(streams, RiskSettings.from(config).cooldown()) : RiskFlagReader.NONE)
          .readiness(() -> streamsReady.getAsBoolean() && scoring.ready())
          .liveness(StreamsHealth.live(streams))
          .state(StreamsHealth.stateName(streams))
          .info(info(config, streams, metrics, PipelineStats.subtopologyOf(topology.describe(), StoreNames.USER_PROFILE),
              endpointCheck.check()::conflict, scoring.inference()))
          .metrics(metrics::scrape)
          .erasures(erasures);
      http = security.applyTo(api).build();
      StoreLayoutGuard.apply(java.nio.file.Path.of(effective.getString(StreamsConfig.STATE_DIR_CONFIG),
          effective.getString(StreamsConfig.APPLICATION_ID_CONFIG)),
          PurchasingPowerTopology.windowStoreRetentions(settings), streams::cleanUp);
      metrics.httpForwardsRejected(http::forwardsRejected);
      // the HTTP servers first: a port in use then fails the start before any stream thread runs (a running
      // thread would hold the model and RocksDB memory that the callers free when the start fails)
      http.start();
      streams.start();
    } catch (RuntimeException | Error e) {
      if (endpointCheck != null) {
        endpointCheck.close();
      }
      closeAfterFailedStart(config, http, streams, erasures, streamsMetrics, e);
      throw e;
    }
    LOG.info("ppscore {} started: application.id={} bootstrap={} http={}://{}:{} management={} advertised={}",
        AppVersion.get(), effective.getString(StreamsConfig.APPLICATION_ID_CONFIG),
        StreamsProperties.bootstrapServers(config), security.scheme(),
        config.httpHost(), http.port(), http.managementPort(), config.advertisedEndpoint());
    return new PpscoreApp(config, streams, streamsEnd, http, scoring, memory, erasures, metrics, streamsMetrics,
        endpointCheck);
  }

  /** Frees what a start that failed had opened; the failure is {@code cause}, closing failures are added to it. */
  private static void closeAfterFailedStart(AppConfig config, HttpApi http, KafkaStreams streams, KafkaErasureRequests erasures,
      AutoCloseable streamsMetrics, Throwable cause) {
    List<AutoCloseable> opened = new java.util.ArrayList<>();
    if (http != null) {
      opened.add(http::close);
    }
    opened.add(() -> streams.close(GracefulShutdown.closeOptions(config)));
    if (erasures != null) {
      opened.add(erasures::close);
    }
    if (streamsMetrics != null) {
      opened.add(streamsMetrics);
    }
    for (AutoCloseable resource : opened) {
      try {
        resource.close();
      } catch (Exception | Error e) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * The body of {@code GET /v1/info}; the users in state are counted at most every {@link UserCountCache#TTL},
   * and only when every local task of {@code profileSubtopology} can be read (else left out). The text encoder
   * ({@code inference}) is left out when scoring is disabled.
   */
  static Supplier<Map<String, Object>> info(AppConfig config, KafkaStreams streams, AppMetrics metrics,
      int profileSubtopology, java.util.function.BooleanSupplier endpointConflict, Optional<InferenceInfo> inference) {
    UserCountCache users = new UserCountCache(() -> PipelineStats.users(streams, profileSubtopology));
    return () -> {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("version", AppVersion.get());
      info.put("applicationId", config.applicationId());
      info.put("instance", config.advertisedEndpoint());
      info.put("state", streams.state().name());
      if (endpointConflict.getAsBoolean()) {
        info.put("advertisedEndpointConflict", "Kafka Streams metadata does not list some of this instance's active"
            + " partitions under http.advertised.endpoint; another instance may advertise the same endpoint");
      }
      inference.ifPresent(encoder -> info.put("inference", encoder.toJson()));
      info.put("pipeline", PipelineStats.of(streams, metrics, users).toJson());
      return info;
    };
  }

  public KafkaStreams streams() {
    return streams;
  }

  public int httpPort() {
    return http.port();
  }

  /** The port of the probes and metrics server, or -1 without one ({@code http.management.port}). */
  public int managementPort() {
    return http.managementPort();
  }

  /** The instance's meters ({@code GET /metrics}). */
  public AppMetrics metrics() {
    return metrics;
  }

  public AppConfig config() {
    return config;
  }

  /**
   * Completes, with what happened, if Kafka Streams ends without {@link #close()}: in {@code ERROR} or shut
   * down by a stream thread. The instance then processes nothing; its owner closes it.
   */
  CompletableFuture<String> streamsEnded() {
    return streamsEnd.ended();
  }

  /** Whether a model was loaded and users are scored. */
  public boolean scoringEnabled() {
    return scoring.enabled();
  }

  /** The ISO 4217 code of the amounts the loaded model was trained on; empty without scoring or when unknown. */
  public Optional<String> modelCurrency() {
    return scoring.scorer().map(io.ppscore.model.UserScorer::trainingCurrency);
  }

  /** The id of the text encoder this instance opened (its inference metrics are keyed by it); empty without scoring. */
  public Optional<String> encoderId() {
    return scoring.encoderId();
  }

  /**
   * The graceful shutdown, also run by {@code ppscore run}'s main thread on SIGTERM: stops the API
   * (readiness fails, the port stops accepting, requests being answered get a few seconds to finish, see
   * {@link HttpApi#close()}), then closes Kafka Streams within {@code shutdown.timeout.ms} (it commits, flushes
   * and closes the stores and, with {@code shutdown.leave.group}, leaves the group), then the embedding
   * prefetch thread, then the model, the encoder and the RocksDB memory pool, which the stream threads use
   * until they stop, and last the erasure request producer and the metrics (the GC listeners and the
   * registry). Idempotent. {@link #streamsStopped()} then says whether Kafka Streams stopped in time.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      streamsEnd.closing();
      // first: runs still to come score nobody, so Kafka Streams' close does not wait for them
      scoring.gate().close();
      endpointCheck.close();
      streamsStopped = GracefulShutdown.stop(config, http, streams, scoring, memory);
      erasures.close();
      try {
        streamsMetrics.close();
      } catch (Exception e) {
        LOG.warn("Closing the metrics failed", e);
      }
    }
  }

  /**
   * After {@link #close()}: whether Kafka Streams stopped within {@code shutdown.timeout.ms}. If not, a
   * stream thread may still be scoring with the ONNX sessions left open, and the process must end with
   * {@link Runtime#halt} rather than {@code System.exit} (whose ONNX Runtime hook would free them under it).
   */
  public boolean streamsStopped() {
    return streamsStopped;
  }
}
