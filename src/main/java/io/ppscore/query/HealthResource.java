package io.ppscore.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health/live} and {@code /health/ready}: 200 {@code UP} or 503 {@code DOWN}, with the app's state. */
final class HealthResource {

  private final BooleanSupplier liveness;
  private final BooleanSupplier readiness;
  private final Supplier<String> state;

  HealthResource(BooleanSupplier liveness, BooleanSupplier readiness, Supplier<String> state) {
    this.liveness = liveness;
    this.readiness = readiness;
    this.state = state;
  }

  Response live(Request request) {
    return check(liveness);
  }

  Response ready(Request request) {
    return check(readiness);
  }

  private Response check(BooleanSupplier probe) {
    boolean up = safely(probe);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("state", state.get());
    Response response = Response.json(up ? 200 : 503, body);
    return up ? response : response.withHeader(Response.RETRY_AFTER, "1");
  }

  // a probe that throws is a failing probe, not a 500
  private static boolean safely(BooleanSupplier probe) {
    try {
      return probe.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
