package io.ppscore.query;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches method and path to a handler. Patterns are slash-separated segments; {@code {name}} captures one
 * segment, percent-decoded (so an encoded {@code %2F} stays inside the parameter and is rejected there).
 */
final class Router {

  /** Answers one matched request. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request);
  }

  private record Route(String method, String[] segments, Handler handler) {
  }

  static final String HEAD = "HEAD";

  private final List<Route> routes = new ArrayList<>();

  Router get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  Router post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  private Router add(String method, String pattern, Handler handler) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with '/': " + pattern);
    }
    routes.add(new Route(method, split(pattern), handler));
    return this;
  }

  /**
   * The handler's answer, or 404 when no pattern matches the path, or 405 with {@code Allow} when only the method
   * is wrong. {@code HEAD} is answered by the {@code GET} handler (the transport leaves the body out), so every
   * {@code GET} route allows {@code HEAD} too.
   */
  Response route(String method, String rawPath, String rawQuery, Headers headers) {
    String[] segments = split(rawPath);
    String routed = HEAD.equals(method) ? "GET" : method;
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      if (!matches(route.segments(), segments)) {
        continue;
      }
      if (route.method().equals(routed)) {
        return route.handler().handle(new Request(method, rawPath, rawQuery, params(route.segments(), segments), headers));
      }
      allowed.add(route.method());
      if (route.method().equals("GET")) {
        allowed.add(HEAD);
      }
    }
    if (allowed.isEmpty()) {
      return Response.error(404, "no such resource");
    }
    return Response.error(405, "method not allowed").withHeader("Allow", String.join(", ", allowed));
  }

  private static boolean matches(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!isParam(pattern[i]) && !pattern[i].equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> params(String[] pattern, String[] path) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      if (isParam(pattern[i])) {
        params.put(pattern[i].substring(1, pattern[i].length() - 1), decodeSegment(path[i]));
      }
    }
    return params;
  }

  private static boolean isParam(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  private static String decodeSegment(String raw) {
    try {
      // URLDecoder is for forms: in a path '+' is a literal plus, not a space
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed percent-encoding in path");
    }
  }

  // keeps a trailing empty segment: "/v1/users/" has an empty id, it is not "/v1/users"
  private static String[] split(String path) {
    return path.split("/", -1);
  }
}
