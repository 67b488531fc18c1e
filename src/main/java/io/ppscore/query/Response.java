package io.ppscore.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer before it is written: status, extra headers and a UTF-8 JSON body. Immutable. */
record Response(int status, Map<String, String> headers, byte[] body) {

  static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
  static final String RETRY_AFTER = "Retry-After";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  Response {
    headers = Map.copyOf(headers);
  }

  /** {@code body} serialized with Jackson; it is only read, never modified. */
  static Response json(int status, Object body) {
    try {
      return new Response(status, Map.of(), MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("response body is not serializable to JSON", e);
    }
  }

  /** {@code {"error": message}} plus {@code details}, in that order. */
  static Response error(int status, String message, Map<String, ?> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.putAll(details);
    return json(status, body);
  }

  static Response error(int status, String message) {
    return error(status, message, Map.of());
  }

  /** 503 that tells clients to retry shortly: the condition (rebalance, restore, failover) is transient. */
  static Response unavailable(String reason) {
    return error(503, "state unavailable", Map.of("reason", reason)).withHeader(RETRY_AFTER, "1");
  }

  Response withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Response(status, copy, body);
  }
}
