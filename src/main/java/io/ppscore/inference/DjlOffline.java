package io.ppscore.inference;

import ai.djl.util.Utils;

/**
 * Keeps DJL's tokenizer from touching the network. Left alone, DJL would download a CUDA build of its
 * native tokenizer library when it detects a GPU, and calls home (EC2 metadata and an S3 telemetry URL)
 * whenever a tokenizer is created. Offline mode stops both; {@code RUST_FLAVOR=cpu} makes it extract the
 * CPU library bundled in the tokenizers jar (into {@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}).
 *
 * <p>DJL reads environment variables before system properties, so the effective values are checked
 * afterwards and a conflicting environment fails fast.
 */
final class DjlOffline {

  static final String OFFLINE_PROPERTY = "ai.djl.offline";
  static final String FLAVOR_PROPERTY = "RUST_FLAVOR";

  private DjlOffline() {}

  /** Sets the properties and verifies DJL sees them; call before the first tokenizer is created. */
  static synchronized void ensure() {
    System.setProperty(OFFLINE_PROPERTY, "true");
    System.setProperty(FLAVOR_PROPERTY, "cpu");
    System.setProperty("OPT_OUT_TRACKING", "true");
    if (!Utils.isOfflineMode()) {
      throw new IllegalStateException("DJL offline mode is off: the environment sets DJL_OFFLINE="
          + System.getenv("DJL_OFFLINE") + "; unset it (ppscore never downloads at run time)");
    }
    String flavor = Utils.getEnvOrSystemProperty(FLAVOR_PROPERTY);
    if (!"cpu".equals(flavor)) {
      throw new IllegalStateException("the environment sets RUST_FLAVOR=" + flavor
          + ", which makes DJL download a tokenizer library; unset it (the bundled CPU library is used)");
    }
  }
}
