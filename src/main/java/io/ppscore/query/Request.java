package io.ppscore.query;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What a handler needs of an HTTP request: raw path and query (for forwarding), decoded path parameters, headers. */
record Request(String method, String rawPath, String rawQuery, Map<String, String> pathParams, Headers headers) {

  static final String FORWARDED_HEADER = "X-PPScore-Forwarded";

  Request {
    pathParams = Map.copyOf(pathParams);
  }

  /** A decoded path parameter named in the route pattern, e.g. {@code id} for {@code /v1/users/{id}}. */
  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no path parameter " + name);
    }
    return value;
  }

  /**
   * The decoded value of a query parameter, decoded like an HTML form ({@code +} is a space, so free text such
   * as {@code reason=ticket+4711} from a form encoder reads as typed); a parameter given twice is ambiguous and
   * rejected with 400.
   */
  Optional<String> queryParam(String name) {
    return queryParam(name, false);
  }

  /**
   * As {@link #queryParam}, but a {@code +} stays a plus (RFC 3986), for values in which a space never belongs
   * and a plus does: {@code asOf=2024-05-01T12:00:00+02:00}, as typed into curl, would otherwise read as
   * {@code ...12:00:00 02:00} and be rejected.
   */
  Optional<String> queryParamKeepingPlus(String name) {
    return queryParam(name, true);
  }

  private Optional<String> queryParam(String name, boolean keepPlus) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.empty();
    }
    String found = null;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decodeQueryPart(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        if (found != null) {
          throw ApiException.badRequest("query parameter " + name + " given more than once");
        }
        String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
        found = decodeQueryPart(keepPlus ? rawValue.replace("+", "%2B") : rawValue);
      }
    }
    return Optional.ofNullable(found);
  }

  /** True when another instance already forwarded this request here. */
  boolean forwarded() {
    return headers.containsKey(FORWARDED_HEADER);
  }

  /** Path and query exactly as received, to forward the same request elsewhere. */
  String pathAndQuery() {
    return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
  }

  private static String decodeQueryPart(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed percent-encoding in query");
    }
  }
}
