package io.ppscore.app;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The order of {@code score-batch}'s rows: integer ids first, by value (9 before 10 before 100; equal values
 * by string), then every other id by string; so the files of two cut-offs can be compared line by line. (A
 * comparison numeric for two integers and by string otherwise is no order: "9" &lt; "10" &lt; "1a" &lt; "9",
 * and the sort failed on such a mix.)
 */
final class CustomerIdOrder implements Comparator<String> {

  static final CustomerIdOrder INSTANCE = new CustomerIdOrder();
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private CustomerIdOrder() {
  }

  @Override
  public int compare(String a, String b) {
    boolean aInteger = INTEGER.matcher(a).matches();
    boolean bInteger = INTEGER.matcher(b).matches();
    if (aInteger && bInteger) {
      int byValue = new BigInteger(a).compareTo(new BigInteger(b));
      // "007" and "7": equal in value, still two customers, in a fixed order
      return byValue != 0 ? byValue : a.compareTo(b);
    }
    if (aInteger != bInteger) {
      return aInteger ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
