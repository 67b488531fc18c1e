package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.SchemaNotFoundException;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.SchemaRegistryException;
import io.ppscore.events.SchemaRegistryUnavailableException;
import io.ppscore.events.UnreadableSchemaException;

/**
 * Start-up check of the schema registry for {@code run} and {@code replay}: one read of the latest version of
 * the clicks subject ({@code <topic.clicks>-value}), the least an instance needs to be allowed. A wrong base
 * URL, refused credentials, an untrusted certificate or an unreachable registry stop the start with one
 * message naming {@link AppConfig#SCHEMA_REGISTRY_URL_CONFIG}, instead of failing stream threads record by
 * record. The subject not existing yet is fine: the registry answered with its own "not found" code.
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
}
