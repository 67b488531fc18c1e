package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CustomerIdOrderTest {

  @Test
  void shouldSortIntegerIdsByValueAndOthersAsStrings() {
    // Given ids as two datasets spell them
    List<String> ids = List.of("100", "9", "abc", "10", "541312140", "-1", "ab");

    // When
    List<String> sorted = Stream.of(ids.toArray(String[]::new)).sorted(CustomerIdOrder.INSTANCE).toList();

    // Then the integers are in numeric order, and an integer and a word compare as strings
    assertThat(sorted).containsExactly("-1", "9", "10", "100", "541312140", "ab", "abc");
  }
}
