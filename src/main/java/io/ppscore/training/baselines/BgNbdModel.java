package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;
import static io.ppscore.training.baselines.Checks.requirePositive;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of repeat buying (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the
 * Easy Way"). While alive, a customer buys as a Poisson process with rate {@code lambda ~
 * Gamma(shape r, rate alpha)}; after each repeat purchase they drop out for good with probability
 * {@code p ~ Beta(a, b)}. Times are in days, so {@code alpha} is in days.
 *
 * @param r     shape of the purchase-rate distribution
 * @param alpha rate (in days) of the purchase-rate distribution
 * @param a     first shape of the dropout-probability distribution
 * @param b     second shape of the dropout-probability distribution
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

  /** Checks every parameter is finite and strictly positive. */
  public BgNbdModel {
    requirePositive(r, "r");
    requirePositive(alpha, "alpha");
    requirePositive(a, "a");
    requirePositive(b, "b");
  }

  /**
   * Fits the model by maximum likelihood (Nelder-Mead on the log-parameters, deterministic). The
   * start is {@code r = 1, a = 1, b = 1} and {@code alpha} = mean age / (1 + mean frequency), the
   * rate at which a Gamma(1, alpha) prior matches the average observed purchase rate.
   *
   * @param customers at least one customer; identical histories are evaluated once and weighted
   */
  public static BgNbdModel fit(List<CustomerHistory> customers) {
    Objects.requireNonNull(customers, "customers must not be null");
    requireArgument(!customers.isEmpty(), "cannot fit BG/NBD on no customers");
    Map<CustomerHistory, Long> counts = customers.stream()
        .map(c -> new CustomerHistory(c.frequency(), c.recency(), c.age(), 0.0)) // monetary is irrelevant
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    double meanAge = customers.stream().mapToDouble(CustomerHistory::age).average().orElseThrow();
    double meanFrequency = customers.stream().mapToDouble(CustomerHistory::frequency).average().orElseThrow();
    double[] start = {1.0, meanAge / (1 + meanFrequency), 1.0, 1.0};
    double[] fitted = LogParameterMle.maximise(
        params -> totalLogLikelihood(new BgNbdModel(params[0], params[1], params[2], params[3]), counts), start);
    return new BgNbdModel(fitted[0], fitted[1], fitted[2], fitted[3]);
  }

  private static double totalLogLikelihood(BgNbdModel model, Map<CustomerHistory, Long> counts) {
    double total = 0;
    for (Map.Entry<CustomerHistory, Long> entry : counts.entrySet()) {
      total += entry.getValue() * model.logLikelihood(entry.getKey());
    }
    return total;
  }

  /**
   * Log-likelihood of one customer's {@code (x, t_x, T)} (paper eq. 6), in log space:
   * {@code ln L = ln[Gamma(r+x) alpha^r / Gamma(r)] + ln[B(a, b+x) / B(a, b)] + ln(e^A3 + [x>0] e^A4)}
   * with {@code A3 = -(r+x) ln(alpha+T)} and {@code A4 = ln(a / (b+x-1)) - (r+x) ln(alpha+t_x)},
   * the last pair combined with log-sum-exp.
   */
  public double logLikelihood(CustomerHistory customer) {
    int x = customer.frequency();
    double a1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
    double a2 = Beta.logBeta(a, b + x) - Beta.logBeta(a, b);
    double a3 = -(r + x) * Math.log(alpha + customer.age());
    if (x == 0) {
      return a1 + a2 + a3;
    }
    double a4 = Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + customer.recency());
    double max = Math.max(a3, a4);
    return a1 + a2 + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
  }

  /**
   * Probability the customer is still alive at the cut-off (paper eq. 13):
   * {@code 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))}. It is exactly 1 for
   * {@code x = 0}: in BG/NBD a customer can only drop out right after a repeat purchase.
   */
  public double probabilityAlive(CustomerHistory customer) {
    int x = customer.frequency();
    if (x == 0) {
      return 1.0;
    }
    double logOdds = Math.log(a / (b + x - 1))
        + (r + x) * (Math.log(alpha + customer.age()) - Math.log(alpha + customer.recency()));
    return 1.0 / (1.0 + Math.exp(logOdds));
  }

  /**
   * Expected number of purchases in the next {@code t} days, {@code E[Y(t) | x, t_x, T]} (paper
   * eq. 10):
   * <pre>
   *   (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] * P(alive)
   * </pre>
   * with {@code z = t/(alpha+T+t)}, so {@code (alpha+T)/(alpha+T+t) = 1-z}. The series' terms grow
   * like those of {@code (1-z)^-(r+x)} before they shrink. Euler's transformation
   * {@code (1-z)^(r+x) 2F1(r+x, b+x; c; z) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z)} gives the same
   * bracket from a series whose terms grow like those of {@code (1-z)^-(a-1)} instead; the form with
   * the smaller exponent is summed first (the original when {@code a-1 > r+x}), so heavy buyers (large
   * {@code x}) and a dropout shape {@code a} in the thousands, which a fit on homogeneous dropout
   * reaches, each stay small. The original series' terms (after the leading 1) all have one sign; the
   * Euler form's alternate when {@code a+b-1-r} is a large negative number ({@code r} far above
   * {@code a+b}) and cancel: when its terms' magnitudes, scaled by the {@code (1-z)^power} they enter the bracket with, add up
   * to more than {@value #MAX_CANCELLATION} times the bracket (six of sixteen digits lost), or when the first form
   * overflows, the other form is summed. Only when neither works (for example {@code x} and {@code a}
   * over 2,000 at {@code z = 0.3}, where both overflow) is there no value. The bracket is formed with
   * {@code expm1}/{@code log1p}: it vanishes at {@code a = 1} (a removable singularity; within 1e-9 of
   * it {@code a} is moved to {@code 1 + 1e-9}). At {@code a+b+x-1 = 0} (only possible for
   * {@code x = 0}, {@code a+b = 1}) the factor {@code c} is kept inside the series, which gives the
   * limit; likewise within 1e-6 of 0.
   *
   * @param t horizon in days, finite and &ge; 0
   * @throws ArithmeticException when {@code t} is so long next to {@code alpha + T} that the series
   *     would need more than {@value Hypergeometric2F1#MAX_TERMS} terms (roughly
   *     {@code t > 5,000 (alpha + T)}, for example 150,000 days when {@code alpha} is 30 days), or when
   *     neither form of the series can be summed: each overflows a double or loses more than six digits
   */
  public double expectedPurchases(CustomerHistory customer, double t) {
    requireArgument(t >= 0 && Double.isFinite(t), "horizon must be finite and >= 0 days: " + t);
    if (t == 0) {
      return 0.0;
    }
    int x = customer.frequency();
    double aa = Math.abs(a - 1) < 1e-9 ? 1 + 1e-9 : a;
    double z = t / (alpha + customer.age() + t);
    if (!(z < 1)) {
      throw new ArithmeticException("horizon " + t + " days is too long next to alpha + T = "
          + (alpha + customer.age()) + " days: z rounds to 1");
    }
    boolean originalFirst = aa - 1 > r + x;
    ArithmeticException firstFailure;
    try {
      return expectedPurchases(customer, aa, z, originalFirst);
    } catch (ArithmeticException e) {
      firstFailure = e;
    }
    try {
      return expectedPurchases(customer, aa, z, !originalFirst);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(firstFailure.getMessage() + "; " + e.getMessage());
    }
  }

  /** The most the scaled terms' magnitudes may add up to next to the bracket (see {@link #expectedPurchases}). */
  static final double MAX_CANCELLATION = 1e6;

  /**
   * Eq. 10 from the {@code original} series or its Euler form.
   *
   * @throws ArithmeticException when that series overflows, does not converge or cancels beyond
   *     {@link #MAX_CANCELLATION}
   */
  private double expectedPurchases(CustomerHistory customer, double aa, double z, boolean original) {
    int x = customer.frequency();
    double c = aa + b + x - 1;
    // bracket = 1 - (1-z)^power 2F1(first, second; c; z)
    double power = original ? r + x : aa - 1;
    double first = original ? b + x : aa + b - 1 - r;
    double second = original ? r + x : aa - 1;
    double logPowerTerm = power * Math.log1p(-z);
    boolean nearZeroC = Math.abs(c) < 1e-6;
    Hypergeometric2F1.Series series = nearZeroC
        ? Hypergeometric2F1.seriesMinusOneTimesC(first, second, c, z)
        : Hypergeometric2F1.seriesMinusOne(first, second, c, z);
    // the series' rounding error (about 1e-16 of its terms' magnitudes) reaches the bracket scaled by (1-z)^power,
    // which can be tiny: judged there, not against the series' own sum
    double roundingScale = series.magnitude() * Math.exp(logPowerTerm);
    if (nearZeroC) {
      // c * bracket = -c expm1(power ln(1-z)) - (1-z)^power * c (2F1 - 1), finite at c = 0
      double cTimesBracket = -c * Math.expm1(logPowerTerm) - Math.exp(logPowerTerm) * series.sum();
      requirePrecision(roundingScale, cTimesBracket, first, second, c, z);
      return cTimesBracket / (aa - 1) * probabilityAlive(customer);
    }
    double seriesMinusOne = series.sum();
    // 1 - (1-z)^power F  =  -expm1(power ln(1-z) + ln F); F can only be <= 0 when c < 0
    double bracket = seriesMinusOne > -1
        ? -Math.expm1(logPowerTerm + Math.log1p(seriesMinusOne))
        : 1 - Math.exp(logPowerTerm) * (1 + seriesMinusOne);
    requirePrecision(roundingScale, bracket, first, second, c, z);
    return c / (aa - 1) * bracket * probabilityAlive(customer);
  }

  /**
   * Fails when the series' terms, scaled as they enter the result ({@code roundingScale}), add up to more than
   * {@link #MAX_CANCELLATION} times the result they form: more than six of its digits would be rounding.
   */
  private static void requirePrecision(double roundingScale, double result, double first, double second, double c,
      double z) {
    if (!(roundingScale <= MAX_CANCELLATION * Math.abs(result)) && roundingScale > 0) {
      throw new ArithmeticException("2F1(" + first + ", " + second + "; " + c + "; " + z + ") loses precision: its "
          + "terms add up to " + roundingScale / Math.abs(result) + " times the bracket they form");
    }
  }

  /**
   * Probability of at least one purchase in the next {@code t} days. Given alive at the cut-off,
   * the customer cannot drop out before their next purchase, and the purchase rate's posterior is
   * {@code Gamma(r+x, alpha+T)}, so {@code P(Y(t) = 0 | alive) = ((alpha+T)/(alpha+T+t))^(r+x)} and
   * <pre>  P(Y(t) &gt; 0) = P(alive) * (1 - ((alpha+T)/(alpha+T+t))^(r+x)).</pre>
   *
   * @param t horizon in days, finite and &ge; 0
   */
  public double probabilityOfPurchase(CustomerHistory customer, double t) {
    requireArgument(t >= 0 && Double.isFinite(t), "horizon must be finite and >= 0 days: " + t);
    double alivePlusAge = alpha + customer.age();
    double noPurchaseIfAlive = Math.exp(-(r + customer.frequency()) * Math.log1p(t / alivePlusAge));
    return probabilityAlive(customer) * (1 - noPurchaseIfAlive);
  }
}
