package io.ppscore.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request on to the instance that owns the user and relays its status, body and a few headers.
 *
 * <p>Forwards share the HTTP workers with every other request, so they are bounded twice: at most
 * {@code maxInFlight} at once (a request that would need one more gets 503 with {@code Retry-After} at once,
 * without calling the owner), and each whole exchange, from connecting to the last byte of the body, within
 * the timeout (then it is cancelled). One slow instance can then hold no more than {@code maxInFlight}
 * workers, each for no longer than the timeout.
 */
final class Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  static final String OWNER_UNREACHABLE = "the instance that owns the user could not be reached or did not answer in time; retry shortly";
  static final String TOO_MANY_FORWARDS = "too many requests are being forwarded to other instances right now; retry shortly";
  static final String PEER_AUTHENTICATION_FAILED = "peer authentication failed";
  private static final long AUTH_ERROR_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final List<String> RELAYED_HEADERS =
      List.of("Content-Type", Response.RETRY_AFTER, ExchangeHandler.SERVED_BY_HEADER);

  private final HttpClient client;
  private final Duration timeout;
  private final String scheme;
  private final Optional<String> peerToken;
  private final InFlightLimit inFlight;
  private final AtomicLong lastAuthErrorLogNanos = new AtomicLong(System.nanoTime() - AUTH_ERROR_LOG_INTERVAL_NANOS);

  /**
   * @param timeout longest a whole forwarded exchange may take
   * @param maxInFlight most forwards at once
   * @param peerToken bearer token sent to the owner, when the API authenticates
   * @param tls the client context trusting the other instances (https), or null for plain http
   */
  Forwarder(Duration timeout, int maxInFlight, Optional<String> peerToken, SSLContext tls) {
    this.inFlight = new InFlightLimit(maxInFlight, "forwarding a request", "instance busy", TOO_MANY_FORWARDS);
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

  /**
   * The owner's answer; 503 when it cannot be reached within the timeout or too many forwards are running,
   * 502 when it refuses this instance's peer token.
   */
  Response forward(HostInfo owner, Request request) {
    return inFlight.run(() -> exchange(endpoint(owner), request));
  }

  /** Requests answered 503 because every forwarding slot was taken, since start. */
  long rejected() {
    return inFlight.rejected();
  }

  private Response exchange(String endpoint, Request request) {
    HttpRequest forwarded;
    try {
      forwarded = request(endpoint, request);
    } catch (IllegalArgumentException e) {
      log.warn("Forwarding a request to {} failed: {}", endpoint, e.toString());
      return ownerUnreachable();
    }
    CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(forwarded, HttpResponse.BodyHandlers.ofByteArray());
    try {
      HttpResponse<byte[]> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return isAuthFailure(response.statusCode()) ? peerAuthenticationFailed(endpoint, response.statusCode()) : relay(response);
    } catch (TimeoutException e) {
      answer.cancel(true);
      log.warn("Forwarding a request to {} took longer than {} ms; cancelled", endpoint, timeout.toMillis());
    } catch (ExecutionException e) {
      log.warn("Forwarding a request to {} failed: {}", endpoint, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
    }
    return ownerUnreachable();
  }

  private HttpRequest request(String endpoint, Request request) {
    HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(scheme + endpoint + request.pathAndQuery()))
        .timeout(timeout)
        .header(Request.FORWARDED_HEADER, "1")
        .header("Accept", "application/json")
        .GET();
    peerToken.ifPresent(token -> forwarded.header("Authorization", "Bearer " + token));
    return forwarded.build();
  }

  /**
   * The client's own token was accepted here before forwarding, so a 401 or 403 from the owner can only mean
   * that it refused this instance's peer token: a misconfiguration (the instances' {@code http.peer.token}
   * differ, or it is unset and their first {@code http.auth.token} differs mid-rotation), not the client's
   * fault. Relaying the owner's 401/403 told the client to fix a token that was fine.
   */
  private static boolean isAuthFailure(int status) {
    return status == 401 || status == 403;
  }

  /** 502, and an ERROR at most once a minute (every forward fails alike until the configuration is fixed). */
  private Response peerAuthenticationFailed(String endpoint, int status) {
    long now = System.nanoTime();
    long last = lastAuthErrorLogNanos.get();
    if (now - last >= AUTH_ERROR_LOG_INTERVAL_NANOS && lastAuthErrorLogNanos.compareAndSet(last, now)) {
      log.error("Instance {} refused this instance's peer token ({}): set the same http.peer.token on every instance "
          + "and keep it unchanged while rotating http.auth.token (README, Bearer tokens); forwards to it fail with "
          + "502 until then", endpoint, status);
    } else {
      log.debug("Instance {} refused this instance's peer token ({})", endpoint, status);
    }
    return Response.error(502, PEER_AUTHENTICATION_FAILED);
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
