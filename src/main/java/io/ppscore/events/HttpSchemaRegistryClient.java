package io.ppscore.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.ppscore.config.AppConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * {@link SchemaRegistry} over the Confluent Schema Registry REST API, on {@code java.net.http}. Works with
 * Confluent Schema Registry, Redpanda, Karapace and Apicurio's {@code ccompat} API (give its full base
 * URL, for example {@code http://apicurio:8080/apis/ccompat/v7}). Requests send only {@code {"schema":
 * ...}}, without {@code schemaType}, so older registries accept them too.
 *
 * <p>Caching: schemas by id and ids by (subject, schema) are immutable in a registry and cached forever
 * (bounded by the schemas this app meets). The latest version of a subject changes, so it is cached only
 * for {@link Builder#latestTtl} (30 s by default; zero disables): a new version is picked up within that
 * time without a registry call per record. An id the registry does not know (40403) is asked about once
 * more after a second, since a lagging replica may not have seen a schema registered a moment ago, and the
 * verdict is then answered from memory for 5 s ({@link UnknownSchemaIds}), so a flood of records with the
 * same bad id costs no call per record. A schema id whose schema cannot be read (not Avro or unparsable;
 * {@link UnreadableSchemaException}) is remembered for good, like a readable one; one that references a
 * schema the registry does not have ({@link MissingReferenceException}) for 60 s, since that may change
 * ({@link SchemasById}). Schemas with {@code references} are read with the schemas they reference ({@link
 * RegisteredSchemaParser}). Thread-safe.
 *
 * <p>Failures name the request path, HTTP status and the registry's {@code error_code} and {@code
 * message}; basic-auth credentials never appear in messages or logs. An unreachable registry, a timeout
 * or an answer 408, 429 or 5xx is asked again (backoff doubling to 8 s, a {@code Retry-After} of up to 30 s
 * honoured, for about a minute: see {@link RegistryRetries}) and then throws the retriable {@link
 * SchemaRegistryUnavailableException}. Only a 404 with the
 * registry's own codes (40401, 40402, 40403; only 40403 for a schema id) is a {@link
 * SchemaNotFoundException}: any other 404 means the base URL is wrong and, like 401 and 403, throws a plain
 * {@link SchemaRegistryException}, never a decoding error that would dead-letter every record.
 *
 * <p>The base URL is checked when the client is built (one URL with a usable host name, no credentials,
 * query or fragment), so a URL the HTTP client would refuse fails the start, not every record.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistry {

  private record SubjectSchema(String subject, Schema schema) {}

  private record Expiring(RegisteredSchema value, long expiresAtNanos) {}

  private final RegistryTransport transport;
  private final RegisteredSchemaParser parser;
  private final long latestTtlNanos;
  private final RegistryTime time;
  private final SchemasById schemasById;
  private final Optional<Duration> operationLimit;
  private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<String, Expiring> latestBySubject = new ConcurrentHashMap<>();

  private HttpSchemaRegistryClient(Builder builder) {
    this.transport = new RegistryTransport(builder.baseUrl, builder.basicAuthUserInfo, builder.tls,
        builder.connectTimeout, builder.requestTimeout, builder.retries, builder.time);
    this.parser = new RegisteredSchemaParser(transport);
    this.latestTtlNanos = builder.latestTtl.toNanos();
    this.time = builder.time;
    this.schemasById = new SchemasById(transport, parser, builder.time);
    this.operationLimit = builder.operationLimit;
  }

  /** A builder for the registry at {@code baseUrl}, for example {@code https://registry:8081}. */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /**
   * A client configured by {@link AppConfig#SCHEMA_REGISTRY_URL_CONFIG}, {@link
   * AppConfig#SCHEMA_REGISTRY_BASIC_AUTH_CONFIG} and the truststore keys.
   *
   * @throws ConfigException naming the key whose value cannot be used
   */
  public static HttpSchemaRegistryClient fromConfig(AppConfig config) {
    return configured(config).build();
  }

  /**
   * As {@link #fromConfig(AppConfig)}, for a client the stream threads call inside exactly-once transactions
   * that the broker aborts after {@code transactionTimeout}: each call, its retries and its last attempt's
   * timeouts included, then ends within that timeout ({@link RegistryCallLimits}). A registry call that
   * outlived the transaction would cost what giving up costs (the thread is fenced and its tasks' stores
   * are wiped and restored), only later.
   */
  public static HttpSchemaRegistryClient fromConfig(AppConfig config, Duration transactionTimeout) {
    RegistryCallLimits limits = RegistryCallLimits.within(transactionTimeout);
    return configured(config).connectTimeout(limits.connectTimeout()).requestTimeout(limits.requestTimeout())
        .retryBudget(limits.retryBudget()).operationLimit(limits.operation()).build();
  }

  /** How long one operation of a client made by {@link #fromConfig(AppConfig, Duration)} with {@code limit} may take. */
  public static Duration operationLimitWithin(Duration limit) {
    return RegistryCallLimits.within(limit).operation();
  }

  private static Builder configured(AppConfig config) {
    Builder builder;
    try {
      builder = builder(config.schemaRegistryUrl());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(AppConfig.SCHEMA_REGISTRY_URL_CONFIG + ": " + e.getMessage());
    }
    String userInfo = passwordValue(config, AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG);
    if (!userInfo.isEmpty()) {
      if (userInfo.indexOf(':') < 0) {
        throw new ConfigException(AppConfig.SCHEMA_REGISTRY_BASIC_AUTH_CONFIG + " must be user:password");
      }
      builder.basicAuth(userInfo);
    }
    String truststore = config.getString(AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_CONFIG);
    if (!truststore.isBlank()) {
      try {
        builder.truststore(Path.of(truststore),
            passwordValue(config, AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD_CONFIG).toCharArray());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(AppConfig.SCHEMA_REGISTRY_TRUSTSTORE_CONFIG, truststore, e.getMessage());
      }
    }
    return builder;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Looks the schema up first ({@link #lookupId}) and registers it only if the subject does not have it:
   * Apicurio's ccompat API adds a version for every text that differs from a registered one, even in white
   * space only (a pretty-printed {@code .avsc} registered by CI), where the look-up with {@code
   * normalize=true} finds it.
   */
  @Override
  public int register(String subject, Schema schema) {
    return bounded(() -> registerNow(subject, schema));
  }

  private int registerNow(String subject, Schema schema) {
    try {
      return lookupIdNow(subject, schema);
    } catch (SchemaNotFoundException e) {
      String path = "/subjects/" + RegistryTransport.segment(subject) + "/versions";
      int id = RegistryTransport.intIn(transport.post(path, schemaBody(schema)), "id");
      remember(subject, schema, id);
      return id;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Asks as sent first, then, if the subject lacks it (40403), with {@code normalize=true}: Confluent,
   * Redpanda and Karapace compare parsed schemas anyway, but Apicurio's ccompat API compares the raw text
   * unless asked to normalize. Never with {@code normalize=true} alone: Confluent releases before 2025 may
   * miss with it a schema that was registered without it (confluentinc/schema-registry#2956).
   */
  @Override
  public int lookupId(String subject, Schema schema) {
    return bounded(() -> lookupIdNow(subject, schema));
  }

  private int lookupIdNow(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    int id = lookUp(subject, schema);
    remember(subject, schema, id);
    return id;
  }

  private int lookUp(String subject, Schema schema) {
    String path = "/subjects/" + RegistryTransport.segment(subject);
    try {
      return RegistryTransport.intIn(transport.post(path, schemaBody(schema)), "id");
    } catch (SchemaNotFoundException asSent) {
      if (asSent.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw asSent;
      }
      try {
        return RegistryTransport.intIn(transport.post(path + "?normalize=true", schemaBody(schema)), "id");
      } catch (SchemaRegistryException normalized) {
        // not found either, or a registry that refuses the parameter (400, 422): the first answer stands.
        // Anything else (bad credentials, a wrong base URL) is reported as it is: taken for "not found",
        // it would have the caller register a duplicate version or blame auto-registration being off.
        int status = normalized.httpStatus();
        if (normalized instanceof SchemaNotFoundException || status == 400 || status == 422) {
          throw asSent;
        }
        throw normalized;
      }
    }
  }

  @Override
  public Schema schemaById(int id) {
    return bounded(() -> schemasById.get(id));
  }

  /** {@code operation} within the client's operation limit, if it has one (see {@link Builder#operationLimit}). */
  private <T> T bounded(java.util.function.Supplier<T> operation) {
    return operationLimit.map(limit -> transport.within(limit, operation)).orElseGet(operation);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return bounded(() -> latestNow(subject));
  }

  private RegisteredSchema latestNow(String subject) {
    Expiring cached = latestBySubject.get(subject);
    long now = time.nanoTime();
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.value();
    }
    String path = "/subjects/" + RegistryTransport.segment(subject) + "/versions/latest";
    JsonNode answer = transport.get(path);
    RegisteredSchema latest = new RegisteredSchema(subject, RegistryTransport.intIn(answer, "id"), RegistryTransport.intIn(answer, "version"),
        parser.parse(answer, path));
    remember(subject, latest.schema(), latest.id());
    if (latestTtlNanos > 0) {
      latestBySubject.put(subject, new Expiring(latest, now + latestTtlNanos));
    }
    return latest;
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient[" + transport + "]";
  }

  private void remember(String subject, Schema schema, int id) {
    idBySubjectSchema.put(new SubjectSchema(subject, schema), id);
    schemasById.remember(id, schema);
  }

  private static Map<String, String> schemaBody(Schema schema) {
    return Map.of("schema", schema.toString());
  }

  private static String passwordValue(AppConfig config, String key) {
    Password password = config.getPassword(key);
    return password == null ? "" : password.value();
  }

  /** Connection settings of an {@link HttpSchemaRegistryClient}. */
  public static final class Builder {
    private final URI baseUrl;
    private Optional<String> basicAuthUserInfo = Optional.empty();
    private Optional<SSLContext> tls = Optional.empty();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration latestTtl = Duration.ofSeconds(30);
    private RegistryRetries retries = RegistryRetries.DEFAULT;
    private RegistryTime time = RegistryTime.SYSTEM;
    private Optional<Duration> operationLimit = Optional.empty();

    private Builder(String baseUrl) {
      this.baseUrl = RegistryUrl.check(baseUrl);
    }

    /** HTTP basic authentication with {@code user:password}. */
    public Builder basicAuth(String userInfo) {
      if (userInfo == null || userInfo.indexOf(':') < 0) {
        throw new IllegalArgumentException("basic auth user info must be user:password");
      }
      this.basicAuthUserInfo = Optional.of(userInfo);
      return this;
    }

    /** Trust the certificates in a PKCS12 or JKS truststore (https only); default: the JVM's trust. */
    public Builder truststore(Path path, char[] password) {
      this.tls = Optional.of(TrustStores.sslContextTrusting(path, password));
      return this;
    }

    /** How long to wait for a TCP/TLS connection; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requirePositive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for an answer; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = requirePositive(timeout, "request timeout");
      return this;
    }

    /** How long {@link #latest} answers are reused; default 30 s, zero to always ask. */
    public Builder latestTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative()) {
        throw new IllegalArgumentException("latest TTL must not be negative");
      }
      this.latestTtl = ttl;
      return this;
    }

    /**
     * How long one call keeps asking again after temporary failures (unreachable, timeout, 408, 429, 5xx);
     * default 60 s, zero for a single attempt. See {@link RegistryRetries}.
     */
    public Builder retryBudget(Duration budget) {
      if (budget == null || budget.isNegative()) {
        throw new IllegalArgumentException("retry budget must not be negative");
      }
      this.retries = retries.withBudget(budget);
      return this;
    }

    /**
     * How long one operation (a method of the client, with every request it sends, its waits and retries)
     * may take in all; default none, each request then has the timeouts and retry budget above.
     */
    public Builder operationLimit(Duration limit) {
      this.operationLimit = Optional.of(requirePositive(limit, "operation limit"));
      return this;
    }

    /** When to ask again after a temporary failure (tests); default {@link RegistryRetries#DEFAULT}. */
    Builder retries(RegistryRetries retries) {
      this.retries = Objects.requireNonNull(retries, "retries");
      return this;
    }

    /** The clocks of the caches and retries, and how the client waits (tests: a clock that does not wait). */
    Builder time(RegistryTime time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The client. */
    public HttpSchemaRegistryClient build() {
      return new HttpSchemaRegistryClient(this);
    }

    private static Duration requirePositive(Duration duration, String what) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return duration;
    }
  }
}
