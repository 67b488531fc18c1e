package io.ppscore.config;

/** The running version, from the jar manifest ({@code Implementation-Version}); "dev" outside a jar. */
public final class AppVersion {

  private static final String VERSION = resolve();

  private AppVersion() {
  }

  public static String get() {
    return VERSION;
  }

  private static String resolve() {
    String v = AppVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
