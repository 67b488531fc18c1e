package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.AvroSerde;
import io.ppscore.events.SchemaNotFoundException;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.SchemaRegistryException;
import io.ppscore.events.SchemaRegistryUnavailableException;
import io.ppscore.events.Topics;
import io.ppscore.events.UnreadableSchemaException;
import io.ppscore.topology.PurchasingPowerTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up check of the schema registry for {@code run} and {@code replay}: one read of the latest version of
 * the clicks subject ({@code <topic.clicks>-value}), the least an instance needs to be allowed. A wrong base
 * URL, refused credentials, an untrusted certificate or an unreachable registry stop the start with one
 * message naming {@link AppConfig#SCHEMA_REGISTRY_URL_CONFIG}, instead of failing stream threads record by
 * record. The subject not existing yet is fine: the registry answered with its own "not found" code.
 *
 * <p>{@link #checkOwnSchemas} (for {@code run}): with auto-registration off, the schemas ppscore always writes with
 * its own version (state-store values, the rekey topic, dead-lettered late events) must be registered beforehand;
 * one that is not would fail the first write of it, the task, and after a few restores the instance.
 */
final class RegistryPreflight {

  private RegistryPreflight() {
  }

  /**
   * @throws IllegalStateException if the registry cannot be used
   */
  static void check(AppConfig config, SchemaRegistry registry) {
    String subject = config.clicksTopic() + "-value";
    try {
      registry.latest(subject);
    } catch (SchemaNotFoundException | UnreadableSchemaException e) {
      // answered by a registry that accepted the credentials: the subject is simply not there (yet), or holds a
      // schema that records will be dead-lettered for (SCHEMA_MISMATCH), which is not a reason not to start
    } catch (SchemaRegistryUnavailableException | SchemaRegistryException e) {
      // the URL has no credentials (the client refuses them), so it may be shown
      throw new IllegalStateException("cannot use the schema registry at " + config.schemaRegistryUrl() + " ("
          + AppConfig.SCHEMA_REGISTRY_URL_CONFIG + "): " + e.getMessage(), e);
    }
  }

  /**
   * With {@link AppConfig#SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG} off, looks up each schema ppscore writes with its
   * own version under its subject, as the serializer would: the profile and bucket stores' values, the rekey topic's
   * and the dead-lettered late events' {@code UserEvent}, the risk state's and the risk flags topic's with risk
   * rules on, and the scoring stores' and the scores topic's with {@code scoring} (for the two output topics, with
   * use.latest.version, any registered version). Does nothing with auto-registration on.
   *
   * @throws IllegalStateException naming every subject that lacks its schema, or if the registry cannot be used
   */
  static void checkOwnSchemas(AppConfig config, SchemaRegistry registry, boolean scoring) {
    if (config.getBoolean(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG)) {
      return;
    }
    Topics topics = Topics.from(config, registry);
    String rekey = PurchasingPowerTopology.rekeyTopic(config.applicationId());
    List<String> missing = new ArrayList<>();
    check(config, topics.userEventSerde(), "UserEvent.avsc", rekey, missing);
    check(config, topics.userEventSerde(), "UserEvent.avsc", config.deadLetterTopic(), missing);
    check(config, topics.profileSerde(), "UserProfile.avsc", null, missing);
    check(config, topics.bucketSerde(), "ActivityBucket.avsc", null, missing);
    if (config.riskEnabled()) {
      check(config, topics.riskStateSerde(), "UserRiskState.avsc", null, missing);
      checkOutput(config, registry, topics.riskFlags().valueSerde(), "schemas/output/RiskFlag.avsc",
          config.riskFlagsTopic(), missing);
    }
    if (scoring) {
      check(config, topics.textProfileSerde(), "UserTextProfile.avsc", null, missing);
      check(config, topics.dirtyUserSerde(), "ScoringDirtyUser.avsc", null, missing);
      check(config, topics.latestScoreSerde(), "schemas/output/UserScore.avsc", null, missing);
      checkOutput(config, registry, topics.scores().valueSerde(), "schemas/output/UserScore.avsc",
          config.scoresTopic(), missing);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG + " is false and the schema "
          + "registry at " + config.schemaRegistryUrl() + " lacks ppscore's own schema under subject(s) " + String.join(", ", missing)
          + ": register these schemas of this build (in schemas/state/ unless a path is given) under those subjects, "
          + "or turn auto-registration on; without them the first write of such a value fails its stream thread");
    }
  }

  /**
   * An output topic's value subject, as its serializer will need it: with use.latest.version any registered
   * version (the serializer writes as the latest), else this build's own schema.
   */
  private static void checkOutput(AppConfig config, SchemaRegistry registry,
      org.apache.kafka.common.serialization.Serde<?> valueSerde, String schema, String topic, List<String> missing) {
    AvroSerde<?> serde = (AvroSerde<?>) valueSerde;
    if (!config.getBoolean(AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG)) {
      check(config, serde, schema, topic, missing);
      return;
    }
    try {
      registry.latest(serde.subject(topic));
    } catch (SchemaNotFoundException e) {
      missing.add(serde.subject(topic) + " (" + schema + ", any version: " + AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG
          + " is true)");
    } catch (UnreadableSchemaException e) {
      // the serializer looks the latest up for every record, and would fail each one (and its task) on it
      missing.add(serde.subject(topic) + " (" + schema + ": its latest version is not readable Avro here: "
          + e.getMessage() + ")");
    } catch (SchemaRegistryUnavailableException | SchemaRegistryException e) {
      throw new IllegalStateException("cannot use the schema registry at " + config.schemaRegistryUrl() + " ("
          + AppConfig.SCHEMA_REGISTRY_URL_CONFIG + "): " + e.getMessage(), e);
    }
  }

  /** {@code topic}: null for a store's fixed subject. */
  private static void check(AppConfig config, AvroSerde<?> serde, String schema, String topic,
      List<String> missing) {
    String anyTopic = topic == null ? "store" : topic; // a store serde's subject does not depend on it
    try {
      serde.ownSchemaId(anyTopic);
    } catch (SchemaNotFoundException e) {
      missing.add(serde.subject(anyTopic) + " (" + schema + ")");
    } catch (SchemaRegistryUnavailableException | SchemaRegistryException e) {
      throw new IllegalStateException("cannot use the schema registry at " + config.schemaRegistryUrl() + " ("
          + AppConfig.SCHEMA_REGISTRY_URL_CONFIG + "): " + e.getMessage(), e);
    }
  }
}
