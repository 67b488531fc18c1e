package io.ppscore.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChartsTest {

  @Test
  void shouldRoundAxisStepsUpToOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
    assertThat(Charts.niceStep(21)).isEqualTo(25);
    assertThat(Charts.niceStep(0.3)).isEqualTo(0.5);
    assertThat(Charts.niceStep(1000)).isEqualTo(1000);
    assertThat(Charts.niceStep(0.011)).isEqualTo(0.02);
  }

  @Test
  void shouldUseAUnitStepWhenThereIsNoSpend() {
    assertThat(Charts.niceStep(0)).isEqualTo(1);
    assertThat(Charts.niceStep(Double.NaN)).isEqualTo(1);
  }
}
