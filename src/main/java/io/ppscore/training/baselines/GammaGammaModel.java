package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;
import static io.ppscore.training.baselines.Checks.requirePositive;

import java.util.List;
import java.util.Objects;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of monetary value (Fader &amp; Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"). Each repeat purchase day's spend is {@code Gamma(shape p, rate nu)}, and
 * {@code nu ~ Gamma(shape q, rate gamma)} across customers; it is fitted on repeat customers' mean
 * spend {@link CustomerHistory#monetary()} and assumes spend is independent of frequency.
 *
 * @param p     shape of a purchase day's spend
 * @param q     shape of the spend-rate distribution
 * @param gamma rate (in money units) of the spend-rate distribution
 */
public record GammaGammaModel(double p, double q, double gamma) {

  /** Checks every parameter is finite and strictly positive. */
  public GammaGammaModel {
    requirePositive(p, "p");
    requirePositive(q, "q");
    requirePositive(gamma, "gamma");
  }

  /**
   * Fits the model by maximum likelihood on the customers with {@code x > 0} and positive mean
   * spend (the others carry no information about spend per repeat purchase). The start is
   * {@code p = 1, q = 3, gamma = 2 * mean spend}, whose population mean equals the sample mean.
   *
   * @param customers must include at least one customer with a repeat purchase of positive spend
   */
  public static GammaGammaModel fit(List<CustomerHistory> customers) {
    Objects.requireNonNull(customers, "customers must not be null");
    List<CustomerHistory> repeat = customers.stream().filter(c -> c.frequency() > 0 && c.monetary() > 0).toList();
    requireArgument(!repeat.isEmpty(), "cannot fit Gamma-Gamma without customers with positive repeat spend");
    double meanSpend = repeat.stream().mapToDouble(CustomerHistory::monetary).average().orElseThrow();
    double[] fitted = LogParameterMle.maximise(params -> {
      GammaGammaModel model = new GammaGammaModel(params[0], params[1], params[2]);
      return repeat.stream().mapToDouble(model::logLikelihood).sum();
    }, new double[] {1.0, 3.0, 2 * meanSpend});
    return new GammaGammaModel(fitted[0], fitted[1], fitted[2]);
  }

  /**
   * Log-density of a repeat customer's mean spend {@code m} over {@code x} purchase days (as in
   * {@code lifetimes}' {@code GammaGammaFitter}):
   * <pre>
   *   ln Gamma(px+q) - ln Gamma(px) - ln Gamma(q) + q ln gamma + (px-1) ln m + px ln x
   *     - (px+q) ln(gamma + x m)
   * </pre>
   *
   * @param customer must have {@code x > 0} and positive monetary value
   */
  public double logLikelihood(CustomerHistory customer) {
    int x = customer.frequency();
    double m = customer.monetary();
    requireArgument(x > 0 && m > 0, "Gamma-Gamma likelihood needs x > 0 and positive spend: " + customer);
    double px = p * x;
    return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
        + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + x * m);
  }

  /**
   * Expected spend per purchase day: {@code (gamma + x m) p / (p x + q - 1)} for {@code x > 0},
   * a weighted average of the population mean and the customer's own mean; for {@code x = 0} the
   * population mean {@code p gamma / (q - 1)}.
   *
   * @throws IllegalStateException when the needed mean is infinite ({@code q <= 1}, or
   *     {@code p x + q <= 1})
   */
  public double expectedAverageValue(CustomerHistory customer) {
    int x = customer.frequency();
    double denominator = p * x + q - 1;
    if (denominator <= 0) {
      throw new IllegalStateException("Gamma-Gamma mean spend is infinite for p=" + p + ", q=" + q + ", x=" + x);
    }
    return x == 0 ? p * gamma / denominator : (gamma + x * customer.monetary()) * p / denominator;
  }
}
