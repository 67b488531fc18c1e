package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalQueriesTest {

  @Test
  void shouldReturnValueOfTheKeysPartition() {
    StateQueryResult<String> result = new StateQueryResult<>();
    result.addResult(2, QueryResult.forResult("state"));

    assertThat(LocalQueries.resultFor(result, 2, "user-profile")).hasValue("state");
  }

  @Test
  void shouldReturnEmptyForAbsentKey() {
    StateQueryResult<String> result = new StateQueryResult<>();
    result.addResult(2, QueryResult.forResult(null));

    assertThat(LocalQueries.resultFor(result, 2, "user-profile")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = FailureReason.class, names = {"NOT_ACTIVE", "NOT_UP_TO_BOUND", "NOT_PRESENT"})
  void shouldMapTransientFailuresToStateUnavailable(FailureReason reason) {
    StateQueryResult<String> result = new StateQueryResult<>();
    result.addResult(2, QueryResult.forFailure(reason, "details"));

    assertThatThrownBy(() -> LocalQueries.resultFor(result, 2, "user-profile"))
        .isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining(reason.name());
  }

  @ParameterizedTest
  @EnumSource(value = FailureReason.class, names = {"UNKNOWN_QUERY_TYPE", "DOES_NOT_EXIST", "STORE_EXCEPTION"})
  void shouldTreatOtherFailuresAsBugs(FailureReason reason) {
    StateQueryResult<String> result = new StateQueryResult<>();
    result.addResult(2, QueryResult.forFailure(reason, "details"));

    assertThatThrownBy(() -> LocalQueries.resultFor(result, 2, "user-profile"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldBeUnavailableWhenThePartitionDidNotAnswer() {
    assertThatThrownBy(() -> LocalQueries.resultFor(new StateQueryResult<String>(), 2, "user-profile"))
        .isInstanceOf(StateUnavailableException.class);
  }
}
