package io.ppscore.training.baselines;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;

/** Seeded draws from the BG/NBD and Gamma-Gamma generative stories, for parameter-recovery tests. */
final class SimulatedCustomers {

  private SimulatedCustomers() {}

  /**
   * Customers first seen at time 0 and observed for a uniform 60..365 days: purchase rate
   * {@code Gamma(r, rate alpha)}, dropout {@code Beta(a, b)} after each repeat purchase, and each
   * repeat purchase's spend {@code Gamma(p, rate nu)} with {@code nu ~ Gamma(q, rate gamma)}.
   */
  static List<CustomerHistory> draw(int count, long seed, BgNbdModel purchases, GammaGammaModel spend) {
    RandomDataGenerator random = new RandomDataGenerator(seed);
    List<CustomerHistory> customers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double age = random.nextUniform(60, 365);
      double lambda = Math.max(1e-300, random.nextGamma(purchases.r(), 1 / purchases.alpha()));
      double dropout = random.nextBeta(purchases.a(), purchases.b());
      double nu = random.nextGamma(spend.q(), 1 / spend.gamma());
      int x = 0;
      double last = 0;
      double totalSpend = 0;
      for (double t = random.nextExponential(1 / lambda); t <= age; t += random.nextExponential(1 / lambda)) {
        x++;
        last = t;
        totalSpend += random.nextGamma(spend.p(), 1 / nu);
        if (random.nextUniform(0, 1) < dropout) {
          break;
        }
      }
      customers.add(new CustomerHistory(x, last, age, x == 0 ? 0 : totalSpend / x));
    }
    return customers;
  }
}
