package io.ppscore.state;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Exact money arithmetic: amounts in state are {@code long} units of 10^-4 of the currency. */
public final class Money {

  /** Scale of every amount on the wire (Avro decimal(18,4)) and in state. */
  public static final int SCALE = 4;
  /** The largest amount an Avro {@code decimal(18,4)} (every money field of the schemas) can hold. */
  public static final BigDecimal MAX_DECIMAL = new BigDecimal("99999999999999.9999");
  private static final double E4 = 10_000.0;
  /** The form of a currency code ppscore accepts, in events and in {@code currency.default} alike. */
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  private Money() {
  }

  /** The amount in units of 10^-4, exactly; throws ArithmeticException if it does not fit a long. */
  public static long toE4(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }

  /** quantity x unit price in units of 10^-4, exactly. */
  public static long lineValueE4(int quantity, BigDecimal unitPrice) {
    return Math.multiplyExact((long) quantity, toE4(unitPrice));
  }

  /** Back to currency units, for reporting. */
  public static double fromE4(long e4) {
    return e4 / E4;
  }

  /**
   * Whether {@code code} has the form of an ISO 4217 code: three upper-case letters (not checked against the
   * list of codes). Profiles compare currencies as strings, so {@code gbp} and {@code GBP} would differ.
   */
  public static boolean isCurrencyCode(String code) {
    return code != null && CURRENCY_CODE.matcher(code).matches();
  }

  /** Back to an exact decimal with scale 4. */
  public static BigDecimal decimalOf(long e4) {
    return BigDecimal.valueOf(e4, SCALE);
  }
}
