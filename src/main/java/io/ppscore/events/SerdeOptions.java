package io.ppscore.events;

import io.ppscore.config.AppConfig;

/**
 * How an {@link AvroSerde} finds the schema id it writes, like Confluent's serializer settings.
 *
 * @param autoRegister register the record type's own schema on first use (needs write access to the registry)
 * @param useLatest write with the subject's latest registered schema, converting the record to it;
 *     when both are false the serializer only looks up the id of the record type's own schema
 */
public record SerdeOptions(boolean autoRegister, boolean useLatest) {

  /** Rejects the contradictory combination instead of silently preferring one. */
  public SerdeOptions {
    if (autoRegister && useLatest) {
      throw new IllegalArgumentException(AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG + "=true needs "
          + AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG + "=false");
    }
  }

  /** Register the own schema on first use: the default, right for development and tests. */
  public static SerdeOptions autoRegistering() {
    return new SerdeOptions(true, false);
  }

  /** Only look up the own schema's id: schemas are registered by CI, the app may only read. */
  public static SerdeOptions lookupOnly() {
    return new SerdeOptions(false, false);
  }

  /** Write with the subject's latest version. */
  public static SerdeOptions latestVersion() {
    return new SerdeOptions(false, true);
  }

  /**
   * The options for ppscore's internal data (state-store values, the re-key repartition topic): never the
   * subject's latest version. The app is their only writer and reader, and converting a record to an older
   * registered version would silently drop the fields this build added (a risk state's model versions, say);
   * with {@code use.latest.version} they look up their own schema instead, which must then be registered.
   */
  public SerdeOptions forInternalData() {
    return useLatest ? lookupOnly() : this;
  }

  /** The options set in {@code config}. */
  public static SerdeOptions fromConfig(AppConfig config) {
    return new SerdeOptions(config.getBoolean(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG),
        config.getBoolean(AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG));
  }
}
