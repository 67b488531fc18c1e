package io.ppscore.query;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of the instance's meters. Open like
 * the health probes: scrapers carry no user token.
 */
final class MetricsResource {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final Supplier<String> scrape;

  MetricsResource(Supplier<String> scrape) {
    this.scrape = scrape;
  }

  Response get(Request request) {
    String body = scrape.get();
    if (body == null) {
      return Response.error(404, "metrics are not exported by this instance");
    }
    return new Response(200, Map.of("Content-Type", CONTENT_TYPE), body.getBytes(StandardCharsets.UTF_8));
  }
}
