package io.ppscore.query;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one instance, on the JDK's {@link HttpServer}: interactive queries (forwarded to the
 * owning instance when needed), health probes and build info. Transport only: routing decisions come
 * from a {@link UserLocator}, state from a {@link UserStateReader}, scores from a {@link LatestScoreReader}.
 *
 * <p>Every path but the probes and metrics requires a bearer token when an {@link ApiAuth} is set; it is
 * checked before routing. With TLS contexts the server speaks https and forwards over https.
 *
 * <p>Requests run on a small fixed pool with a bounded queue; when both are full the server closes the
 * new connection rather than queueing without limit, and clients retry. At most half the workers (at least
 * one) forward to other instances at once, each forward within the forward timeout, so a slow instance
 * cannot hold every worker; a request over that gets 503 with {@code Retry-After} (see {@link #forwardsRejected()}).
 *
 * <p>With a management port, a second server with its own two workers serves the probes and metrics alone:
 * the JDK reads a request's line and headers on a worker, so slow clients holding the API's workers would
 * otherwise make the liveness probe time out and get the instance restarted. The API port keeps serving
 * them too, for clients that do not use the management port.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  /** Workers and queue of the management server: probes and a scrape now and then. */
  private static final int MANAGEMENT_THREADS = 2;
  private static final int MANAGEMENT_QUEUE = 16;

  /** Longest {@link #close()} waits for requests in flight: short beside the shutdown's grace periods. */
  static final int MAX_DRAIN_SECONDS = 5;
  /** How often {@link #close()} looks whether the requests being answered have finished. */
  private static final long DRAIN_POLL_MS = 10;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final HttpServer management;
  private final ThreadPoolExecutor managementExecutor;
  private final HostInfo self;
  private final String authDescription;
  private final Forwarder forwarder;
  private final int drainSeconds;
  private final AtomicInteger inHandler = new AtomicInteger();
  private volatile boolean stopping;

  private HttpApi(Builder b) throws IOException {
    authDescription = b.auth.toString();
    HttpServerTimeouts.install(); // the JDK reads them when the first server is created
    HttpServerTimeouts.logInForce();
    warnIfResponseLimitIsShorterThanAForward(b.forwardTimeout);
    server = b.serverTls == null ? HttpServer.create(new InetSocketAddress(b.host, b.port), 0)
        : HttpsServers.create(new InetSocketAddress(b.host, b.port), b.serverTls);
    self = b.selfEndpoint != null ? b.selfEndpoint : new HostInfo(b.host, server.getAddress().getPort());
    executor = new ThreadPoolExecutor(b.threads, b.threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(b.queueCapacity), daemonThreads("ppscore-http-"));
    forwarder = new Forwarder(b.forwardTimeout, maxForwardsInFlight(b.threads), b.auth.peerToken(),
        b.serverTls == null ? null : clientTrust(b.clientTls));
    OwnerRouting routing = new OwnerRouting(b.locator, forwarder);
    UserResource users = new UserResource(routing, b.reader, b.scores, b.flags, b.clock, b.maxUserIdLength);
    drainSeconds = drainSeconds(b.forwardTimeout);
    BooleanSupplier readiness = b.readiness;
    HealthResource health = new HealthResource(b.liveness, () -> !stopping && readiness.getAsBoolean(), b.state);
    Supplier<Map<String, Object>> info = b.info;
    MetricsResource metrics = new MetricsResource(b.metrics);
    Router router = withProbesAndMetrics(new Router(), health, metrics)
        .get("/v1/users/{id}", users::get)
        .get("/v1/users/{id}/score", users::score)
        .get("/v1/users/{id}/flags", users::flags)
        .get("/v1/info", request -> Response.json(200, info.get()));
    if (b.erasures != null) {
      router.post("/v1/admin/users/{id}/erasure", new ErasureResource(b.erasures, b.maxUserIdLength,
          maxErasuresInFlight(b.threads))::request);
    }
    server.createContext("/", counted(new ExchangeHandler(router, Forwarder.endpoint(self), b.auth)));
    server.setExecutor(executor);
    if (b.managementPort < 0) {
      management = null;
      managementExecutor = null;
    } else {
      management = bindManagement(b.host, b.managementPort, server);
      managementExecutor = new ThreadPoolExecutor(MANAGEMENT_THREADS, MANAGEMENT_THREADS, 0, TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(MANAGEMENT_QUEUE), daemonThreads("ppscore-management-"));
      management.createContext("/", new ExchangeHandler(withProbesAndMetrics(new Router(), health, metrics),
          Forwarder.endpoint(self), b.auth));
      management.setExecutor(managementExecutor);
    }
  }

  /** Counts the requests being answered, for {@link #close()}: read, authorized and routed, not yet written. */
  private com.sun.net.httpserver.HttpHandler counted(com.sun.net.httpserver.HttpHandler handler) {
    return exchange -> {
      inHandler.incrementAndGet();
      try {
        handler.handle(exchange);
      } finally {
        inHandler.decrementAndGet();
      }
    };
  }

  private static Router withProbesAndMetrics(Router router, HealthResource health, MetricsResource metrics) {
    return router.get("/health/live", health::live)
        .get("/health/ready", health::ready)
        .get("/metrics", metrics::get);
  }

  /** Plain http: probes and Prometheus inside the cluster need no TLS, and the paths carry no user data. */
  private static HttpServer bindManagement(String host, int port, HttpServer api) throws IOException {
    try {
      return HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      api.stop(0); // the API's port is bound already: release it, as a failed build leaves nothing behind
      throw new IOException("cannot bind the management port " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** A builder; {@code locator}, {@code reader} and {@code readiness} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving; returns this for chaining. */
  public HttpApi start() {
    server.start();
    log.info("HTTP API listening on {}://{}:{} as {} ({})", server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http",
        server.getAddress().getHostString(), port(), Forwarder.endpoint(self), authDescription);
    if (management != null) {
      management.start();
      log.info("Probes and metrics also on http://{}:{} (/health/live, /health/ready, /metrics)",
          management.getAddress().getHostString(), managementPort());
    }
    return this;
  }

  /** The bound port: the configured one, or the ephemeral one chosen for port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The management server's bound port, or -1 without one. */
  public int managementPort() {
    return management == null ? -1 : management.getAddress().getPort();
  }

  /** Requests answered 503 since start because every forwarding slot was taken. */
  public long forwardsRejected() {
    return forwarder.rejected();
  }

  /** Half the workers, at least one: the rest stay free for local reads and probes. */
  static int maxForwardsInFlight(int threads) {
    return Math.max(1, threads / 2);
  }

  /** A quarter of the workers, at least one: erasures wait for the broker, forwards take up to half. */
  static int maxErasuresInFlight(int threads) {
    return Math.max(1, threads / 4);
  }

  /** The endpoint this instance names in {@code X-PPScore-Served-By}. */
  public HostInfo selfEndpoint() {
    return self;
  }

  /**
   * Fails readiness, lets the requests being answered (forwards included, and any a worker takes meanwhile)
   * finish for up to {@link #drainSeconds}, then stops accepting, closes every connection and stops the worker
   * threads (a request still running then is cut, a forward interrupted); the management server, which keeps
   * answering probes meanwhile, stops last.
   */
  @Override
  public void close() {
    stopping = true;
    // not stop(delay): JDK 17's ends early only when an exchange finishes while it waits, so one finishing just
    // before it (its response already sent, its handler not yet returned) made it wait the whole delay
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (inHandler.get() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(DRAIN_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    executor.shutdownNow();
    if (management != null) {
      management.stop(0);
      managementExecutor.shutdownNow();
    }
  }

  /**
   * Longest {@link #close()} waits for the requests being served: the forward timeout rounded up to whole
   * seconds plus one, so a forward in flight can end, at most {@value #MAX_DRAIN_SECONDS} s (3 s by default).
   */
  static int drainSeconds(Duration forwardTimeout) {
    long seconds = (forwardTimeout.toMillis() + 999) / 1000 + 1;
    return (int) Math.min(MAX_DRAIN_SECONDS, seconds);
  }

  private static void warnIfResponseLimitIsShorterThanAForward(Duration forwardTimeout) {
    long limit = HttpServerTimeouts.maxResponseSeconds();
    if (limit > 0 && Duration.ofSeconds(limit).compareTo(forwardTimeout) <= 0) {
      log.warn("{}={} s is not longer than the forward timeout ({} ms): the server may close a connection while "
          + "its request is still being forwarded", HttpServerTimeouts.MAX_RSP_TIME, limit, forwardTimeout.toMillis());
    }
  }

  private static javax.net.ssl.SSLContext clientTrust(javax.net.ssl.SSLContext configured) {
    try {
      return configured != null ? configured : javax.net.ssl.SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context in this JVM", e);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Wiring for {@link HttpApi}; every setter checks its argument. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private int managementPort = -1;
    private HostInfo selfEndpoint;
    private UserLocator locator;
    private UserStateReader reader;
    private LatestScoreReader scores = LatestScoreReader.NONE;
    private RiskFlagReader flags = RiskFlagReader.NONE;
    private BooleanSupplier readiness;
    private BooleanSupplier liveness = () -> true;
    private Supplier<String> state = () -> "UNKNOWN";
    private Supplier<Map<String, Object>> info = Map::of;
    private Supplier<String> metrics = () -> null;
    private Clock clock = Clock.systemUTC();
    private int threads = 8;
    private int queueCapacity = 64;
    private Duration forwardTimeout = Duration.ofSeconds(2);
    private int maxUserIdLength = UserIds.DEFAULT_MAX_LENGTH;
    private ApiAuth auth = ApiAuth.open();
    private javax.net.ssl.SSLContext serverTls;
    private javax.net.ssl.SSLContext clientTls;
    private ErasureRequests erasures;

    private Builder() {
    }

    /** Bearer-token authentication of every path but the probes and metrics; default {@link ApiAuth#open()}. */
    public Builder auth(ApiAuth auth) {
      this.auth = ApiAuth.requireNonNull(auth);
      return this;
    }

    /**
     * Serve https with {@code server} and forward to other instances over https trusting {@code client}
     * (null: the JVM's default trust); default plain http.
     */
    public Builder tls(javax.net.ssl.SSLContext server, javax.net.ssl.SSLContext client) {
      this.serverTls = Objects.requireNonNull(server, "server TLS context must not be null");
      this.clientTls = client;
      return this;
    }

    /** Enables {@code POST /v1/admin/users/{id}/erasure}, which hands requests to {@code erasures}. */
    public Builder erasures(ErasureRequests erasures) {
      this.erasures = Objects.requireNonNull(erasures, "erasures must not be null");
      return this;
    }

    /** Interface to bind ({@code http.host}); default {@code 0.0.0.0}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host must not be null");
      return this;
    }

    /** Port to bind ({@code http.port}); 0 picks an ephemeral port, see {@link HttpApi#port()}. */
    public Builder port(int port) {
      requireArgument(port >= 0 && port <= 65_535, "port must be in 0..65535");
      this.port = port;
      return this;
    }

    /**
     * Port of a second server that serves only {@code /health/*} and {@code /metrics}, on its own workers
     * ({@code http.management.port}); 0 picks an ephemeral port, -1 (the default) means none.
     */
    public Builder managementPort(int managementPort) {
      requireArgument(managementPort >= -1 && managementPort <= 65_535, "managementPort must be in -1..65535");
      this.managementPort = managementPort;
      return this;
    }

    /** This instance's advertised endpoint ({@code http.advertised.endpoint}); default host and bound port. */
    public Builder selfEndpoint(HostInfo selfEndpoint) {
      this.selfEndpoint = Objects.requireNonNull(selfEndpoint, "selfEndpoint must not be null");
      return this;
    }

    public Builder locator(UserLocator locator) {
      this.locator = Objects.requireNonNull(locator, "locator must not be null");
      return this;
    }

    public Builder reader(UserStateReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader must not be null");
      return this;
    }

    /** Latest scores for {@code /v1/users/{id}/score} and the user's {@code "score"}; default none (no model). */
    public Builder scores(LatestScoreReader scores) {
      this.scores = Objects.requireNonNull(scores, "scores must not be null");
      return this;
    }

    /** Risk flags for {@code /v1/users/{id}/flags} and the user's {@code "activeFlags"}; default none (risk off). */
    public Builder flags(RiskFlagReader flags) {
      this.flags = Objects.requireNonNull(flags, "flags must not be null");
      return this;
    }

    /** {@code /health/ready} answers 200 only while this is true, e.g. {@link StreamsHealth#ready}. */
    public Builder readiness(BooleanSupplier readiness) {
      this.readiness = Objects.requireNonNull(readiness, "readiness must not be null");
      return this;
    }

    /** {@code /health/live} answers 200 while this is true; default always, see {@link StreamsHealth#live}. */
    public Builder liveness(BooleanSupplier liveness) {
      this.liveness = Objects.requireNonNull(liveness, "liveness must not be null");
      return this;
    }

    /** Shown as {@code "state"} in health bodies, e.g. {@link StreamsHealth#stateName}. */
    public Builder state(Supplier<String> state) {
      this.state = Objects.requireNonNull(state, "state must not be null");
      return this;
    }

    /** Body of {@code GET /v1/info} (version, instance, ...), JSON-ready. */
    public Builder info(Supplier<Map<String, Object>> info) {
      this.info = Objects.requireNonNull(info, "info must not be null");
      return this;
    }

    /** The Prometheus text exposition served on {@code GET /metrics}; default none (404). */
    public Builder metrics(Supplier<String> metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
      return this;
    }

    /** Supplies the default {@code asOf}; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Worker threads (default 8; {@code http.threads}) and requests allowed to wait for one (default 64;
     * {@code http.queue.size}). Half the threads, at least one, may forward at once.
     */
    public Builder threads(int threads, int queueCapacity) {
      requireArgument(threads >= 1 && threads <= 256, "threads must be in 1..256");
      requireArgument(queueCapacity >= 1, "queueCapacity must be positive");
      this.threads = threads;
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Longest a request forwarded to the owning instance may take, from connecting to the last byte of the
     * answer ({@code http.forward.timeout.ms}); default 2 s.
     */
    public Builder forwardTimeout(Duration forwardTimeout) {
      requireArgument(forwardTimeout != null && !forwardTimeout.isNegative() && !forwardTimeout.isZero(),
          "forwardTimeout must be positive");
      this.forwardTimeout = forwardTimeout;
      return this;
    }

    /**
     * Longest user id accepted in {@code /v1/users/{id}}; default 128. Give it {@code
     * validation.max.id.length} so every user whose events are accepted can be looked up.
     */
    public Builder maxUserIdLength(int maxUserIdLength) {
      requireArgument(maxUserIdLength >= 1, "maxUserIdLength must be positive");
      this.maxUserIdLength = maxUserIdLength;
      return this;
    }

    /** Binds the port (so {@link HttpApi#port()} is known) without serving yet; call {@link HttpApi#start()}. */
    public HttpApi build() {
      requireArgument(locator != null, "locator must be set");
      requireArgument(reader != null, "reader must be set");
      requireArgument(readiness != null, "readiness must be set");
      try {
        return new HttpApi(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind HTTP API to " + host + ":" + port, e);
      }
    }

    private static void requireArgument(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
