package io.ppscore.replay;

/**
 * The real data slices bundled in the jar for the demo; see {@code sample/ATTRIBUTION.md} for their
 * origin, licences and how they were cut.
 */
public final class Samples {

  /** Class path of all order lines of 152 Online Retail II customers (customer id divisible by 34). */
  public static final String ONLINE_RETAIL_RESOURCE = "/sample/online-retail-sample.csv.gz";
  /** Class path of the first 17,434 REES46 events of 2019-10 (views, carts, purchases). */
  public static final String REES46_RESOURCE = "/sample/rees46-sample.csv.gz";

  private Samples() {
  }

  /** The bundled Online Retail II slice; read it with {@link OnlineRetailReader}. */
  public static ReplaySource onlineRetail() {
    return ReplaySource.classpath(ONLINE_RETAIL_RESOURCE);
  }

  /** The bundled REES46 slice; read it with {@link Rees46Reader}. */
  public static ReplaySource rees46() {
    return ReplaySource.classpath(REES46_RESOURCE);
  }
}
