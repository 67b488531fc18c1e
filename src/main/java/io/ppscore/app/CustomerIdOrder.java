package io.ppscore.app;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The order of {@code score-batch}'s rows: numeric when both ids are integers (9 before 10 before 100),
 * else by string; so the files of two cut-offs can be compared line by line.
 */
final class CustomerIdOrder implements Comparator<String> {

  static final CustomerIdOrder INSTANCE = new CustomerIdOrder();
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private CustomerIdOrder() {
  }

  @Override
  public int compare(String a, String b) {
    if (INTEGER.matcher(a).matches() && INTEGER.matcher(b).matches()) {
      int byValue = new BigInteger(a).compareTo(new BigInteger(b));
      // "007" and "7": equal in value, still two customers, in a fixed order
      return byValue != 0 ? byValue : a.compareTo(b);
    }
    return a.compareTo(b);
  }
}
