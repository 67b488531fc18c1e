package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsEndTest {

  @Test
  void shouldReportKafkaStreamsInErrorAsTheEndOfTheRun() {
    StreamsEnd end = new StreamsEnd();

    end.onChange(State.PENDING_ERROR, State.RUNNING);
    end.onChange(State.ERROR, State.PENDING_ERROR);

    assertThat(end.ended()).isCompleted();
    assertThat(end.ended().join()).contains("ERROR", "SHUTDOWN_APPLICATION");
  }

  @Test
  void shouldReportAShutdownPpscoreDidNotAskFor() {
    StreamsEnd end = new StreamsEnd();

    end.onChange(State.PENDING_SHUTDOWN, State.RUNNING);

    assertThat(end.ended().join()).contains("PENDING_SHUTDOWN", "without ppscore closing it");
  }

  @Test
  void shouldIgnoreRebalancesAndPpscoresOwnShutdown() {
    StreamsEnd end = new StreamsEnd();
    end.onChange(State.REBALANCING, State.CREATED);
    end.onChange(State.RUNNING, State.REBALANCING);
    end.onChange(State.REBALANCING, State.RUNNING);

    end.closing();
    end.onChange(State.PENDING_SHUTDOWN, State.REBALANCING);
    end.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

    assertThat(end.ended()).isNotDone();
  }
}
