package io.ppscore.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a request on to the instance that owns the user and relays its status, body and a few headers. */
final class Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  static final String OWNER_UNREACHABLE = "the instance that owns the user could not be reached or did not answer in time; retry shortly";
  private static final List<String> RELAYED_HEADERS =
      List.of("Content-Type", Response.RETRY_AFTER, ExchangeHandler.SERVED_BY_HEADER);

  private final HttpClient client;
  private final Duration timeout;
  private final String scheme;
  private final Optional<String> peerToken;

  Forwarder(Duration timeout) {
    this(timeout, Optional.empty(), null);
  }

  /**
   * @param peerToken bearer token sent to the owner, when the API authenticates
   * @param tls the client context trusting the other instances (https), or null for plain http
   */
  Forwarder(Duration timeout, Optional<String> peerToken, SSLContext tls) {
    this.timeout = timeout;
    this.peerToken = peerToken;
    this.scheme = tls == null ? "http://" : "https://";
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  /** The owner's answer, or 503 when it cannot be reached within the timeout. */
  Response forward(HostInfo owner, Request request) {
    String endpoint = endpoint(owner);
    try {
      HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(scheme + endpoint + request.pathAndQuery()))
          .timeout(timeout)
          .header(Request.FORWARDED_HEADER, "1")
          .header("Accept", "application/json")
          .GET();
      peerToken.ifPresent(token -> forwarded.header("Authorization", "Bearer " + token));
      return relay(client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException | IllegalArgumentException e) {
      log.warn("Forwarding a request to {} failed: {}", endpoint, e.toString());
      return ownerUnreachable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ownerUnreachable();
    }
  }

  /** {@code host:port}, with brackets around IPv6 literals so it can go into a URI. */
  static String endpoint(HostInfo host) {
    return (host.host().contains(":") ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
  }

  private static Response relay(HttpResponse<byte[]> answer) {
    Response response = new Response(answer.statusCode(), Map.of(), answer.body());
    for (String name : RELAYED_HEADERS) {
      var value = answer.headers().firstValue(name);
      if (value.isPresent()) {
        response = response.withHeader(name, value.get());
      }
    }
    return response;
  }

  /** The owner's host and port are logged, never shown: clients need not know the instances' internal names. */
  private static Response ownerUnreachable() {
    return Response.error(503, "owner unreachable", Map.of("reason", OWNER_UNREACHABLE))
        .withHeader(Response.RETRY_AFTER, "1");
  }
}
