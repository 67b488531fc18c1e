package io.ppscore.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/** Status and JSON body of one answer of the embedded schema registry. */
record RegistryResponse(int status, Object body) {

  static RegistryResponse ok(Object body) {
    return new RegistryResponse(200, body);
  }

  /** A Confluent-style error: {@code {"error_code": 40401, "message": "..."}}. */
  static RegistryResponse error(int status, int errorCode, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", errorCode);
    body.put("message", message);
    return new RegistryResponse(status, body);
  }
}
