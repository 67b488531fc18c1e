package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.inference.CudaUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  @Test
  void shouldAppendTheRootCauseSkippingTheWrappersBetween() {
    // Given a read failure whose reason is two causes down
    Exception e = new UncheckedIOException("data.csv.gz: cannot read the dataset near line 7",
        new IOException("inflating", new EOFException("Unexpected end of ZLIB input stream")));

    // When / Then
    assertThat(ErrorMessages.oneLine(e))
        .isEqualTo("data.csv.gz: cannot read the dataset near line 7: Unexpected end of ZLIB input stream");
  }

  @Test
  void shouldNotRepeatARootCauseTheMessageAlreadyHolds() {
    Exception e = new IllegalStateException("cannot open encoder: bad graph", new RuntimeException("bad graph"));

    assertThat(ErrorMessages.oneLine(e)).isEqualTo("cannot open encoder: bad graph");
  }

  @Test
  void shouldSayWhatAFileSystemExceptionMeansNotOnlyItsPath() {
    Exception e = new UncheckedIOException("cannot open in.csv", new NoSuchFileException("in.csv"));

    assertThat(ErrorMessages.oneLine(e)).isEqualTo("cannot open in.csv: no such file or directory: in.csv");
  }

  @Test
  void shouldTreatInputAndDeviceFailuresAsUserErrorsAndOthersAsBugs() {
    assertThat(ErrorMessages.isUserError(new UncheckedIOException(new IOException("x")))).isTrue();
    assertThat(ErrorMessages.isUserError(new IOException("x"))).isTrue();
    assertThat(ErrorMessages.isUserError(new CudaUnavailableException("no driver", new RuntimeException()))).isTrue();
    assertThat(ErrorMessages.isUserError(new NullPointerException())).isFalse();
  }
}
