package io.ppscore.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import io.ppscore.events.LogIds;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link HttpExchange} to {@link Router}: turns handler failures into JSON errors without stack
 * traces, stamps {@value #SERVED_BY_HEADER} on answers to requests that passed the token check (a 401 or 403
 * does not name the instance), writes the response and logs one access line at DEBUG.
 */
final class ExchangeHandler implements HttpHandler {

  static final String SERVED_BY_HEADER = "X-PPScore-Served-By";

  private static final Logger log = LoggerFactory.getLogger(ExchangeHandler.class);
  private static final Logger accessLog = LoggerFactory.getLogger("io.ppscore.query.access");

  private final Router router;
  private final String servedBy;
  private final ApiAuth auth;

  ExchangeHandler(Router router, String servedBy) {
    this(router, servedBy, ApiAuth.open());
  }

  /** Checks {@code auth} before routing: an unauthenticated request never reaches a handler. */
  ExchangeHandler(Router router, String servedBy, ApiAuth auth) {
    this.router = router;
    this.servedBy = servedBy;
    this.auth = auth;
  }

  @Override
  public void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Optional<Response> denied = auth.check(path, exchange.getRequestHeaders());
    Response response = denied.orElseGet(() -> respond(exchange, method, path));
    try {
      write(exchange, response, Router.HEAD.equals(method), denied.isEmpty());
    } catch (IOException e) {
      log.debug("Client went away before the response to {} {} was written", method, LogIds.path(path), e);
    } finally {
      exchange.close();
    }
    accessLog.debug("{} {} {} -> {} in {} ms", exchange.getRemoteAddress(), method, LogIds.path(path), response.status(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private Response respond(HttpExchange exchange, String method, String path) {
    try {
      return router.route(method, path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders());
    } catch (ApiException e) {
      return e.response();
    } catch (RuntimeException e) {
      log.warn("Unhandled error serving {} {}", method, LogIds.path(path), e);
      return Response.error(500, "internal error");
    }
  }

  /**
   * Writes {@code response}; for {@code head}, its status and headers with the body's length but no body. Only
   * an {@code authorized} request (one that passed the token check) learns the instance's name.
   */
  private void write(HttpExchange exchange, Response response, boolean head, boolean authorized) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", Response.JSON_CONTENT_TYPE);
    if (authorized) {
      headers.set(SERVED_BY_HEADER, servedBy);
    }
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      headers.set(header.getKey(), header.getValue());
    }
    byte[] body = response.body();
    if (head) {
      // the JDK sends no Content-Length for HEAD itself: the one GET would have
      headers.set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
