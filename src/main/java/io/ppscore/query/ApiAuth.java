package io.ppscore.query;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token authentication of the HTTP API. Every path needs a token except the {@link #OPEN_PATHS}
 * (probes and metrics, which orchestrators and scrapers call without credentials); a path not in that
 * list, including one added later or one that does not exist, is protected by default.
 *
 * <p>No or malformed {@code Authorization} gives 401 with {@code WWW-Authenticate}; a token that is not
 * accepted gives 403. Tokens are compared in constant time ({@link MessageDigest#isEqual}) against every
 * accepted token, so neither the match nor its position leaks through timing.
 *
 * <p>With admin tokens ({@link #withAdminTokens}), the {@link #ADMIN_PREFIX} paths (erasure) accept only
 * them, with 403 for any other token; admin tokens are accepted on every other path too.
 */
public final class ApiAuth {

  /** Paths served without a token, matched exactly against the raw path. */
  public static final Set<String> OPEN_PATHS = Set.of("/health/live", "/health/ready", "/metrics");
  static final String CHALLENGE = "Bearer realm=\"ppscore\"";
  /** Paths that, with admin tokens configured, need one of them. */
  public static final String ADMIN_PREFIX = "/v1/admin/";
  private static final String BEARER = "Bearer ";

  private final List<byte[]> accepted;
  private final String peerToken;
  private final List<byte[]> admin;

  private ApiAuth(List<byte[]> accepted, String peerToken, List<byte[]> admin) {
    this.accepted = accepted;
    this.peerToken = peerToken;
    this.admin = admin;
  }

  /** No authentication: every request is served (tests, and a demo bound to localhost). */
  public static ApiAuth open() {
    return new ApiAuth(null, null, null);
  }

  /**
   * A copy in which the {@link #ADMIN_PREFIX} paths accept only {@code adminTokens} (which every other path
   * accepts too); with no non-blank admin token, this same authentication.
   *
   * @throws IllegalStateException when authentication is off: an admin token would protect nothing
   */
  public ApiAuth withAdminTokens(List<String> adminTokens) {
    List<String> clean = adminTokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    if (clean.isEmpty()) {
      return this;
    }
    if (accepted == null) {
      throw new IllegalStateException("admin tokens need authentication on");
    }
    List<byte[]> adminBytes = clean.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    List<byte[]> all = new ArrayList<>(accepted);
    all.addAll(adminBytes);
    return new ApiAuth(List.copyOf(all), peerToken, adminBytes);
  }

  /** Whether the admin paths need an admin token. */
  public boolean adminScoped() {
    return admin != null;
  }

  /**
   * Accepts any of {@code tokens} and {@code peerToken}; forwards with {@code peerToken}, or the first token
   * when it is empty (which breaks forwarding while instances with different first tokens run side by side,
   * as during a rotation: deployments set {@code http.peer.token}).
   *
   * @param tokens accepted tokens, at least one non-blank (blank entries of a comma list are ignored)
   */
  public static ApiAuth bearer(List<String> tokens, String peerToken) {
    List<String> clean = tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("at least one non-blank token is required");
    }
    String peer = peerToken == null || peerToken.isBlank() ? clean.get(0) : peerToken.trim();
    List<byte[]> accepted = new ArrayList<>();
    clean.forEach(t -> accepted.add(t.getBytes(StandardCharsets.UTF_8)));
    accepted.add(peer.getBytes(StandardCharsets.UTF_8));
    return new ApiAuth(List.copyOf(accepted), peer, null);
  }

  /** Splits a comma-separated token list, as {@code http.auth.token} holds it. */
  public static List<String> splitTokens(String commaSeparated) {
    return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(t -> !t.isEmpty()).toList();
  }

  /** Whether requests need a token. */
  public boolean enabled() {
    return accepted != null;
  }

  /** The token to send to another instance, if this instance authenticates. */
  Optional<String> peerToken() {
    return Optional.ofNullable(peerToken);
  }

  /** Empty when the request may be served; otherwise the 401 or 403 to answer instead. */
  Optional<Response> check(String rawPath, Headers headers) {
    if (accepted == null || OPEN_PATHS.contains(rawPath)) {
      return Optional.empty();
    }
    List<String> values = headers == null ? null : headers.get("Authorization");
    if (values == null || values.size() != 1 || !startsWithBearer(values.get(0))) {
      return Optional.of(Response.error(401, "missing or malformed Authorization header: expected 'Bearer <token>'")
          .withHeader("WWW-Authenticate", CHALLENGE));
    }
    String token = values.get(0).substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      return Optional.of(Response.error(401, "empty bearer token").withHeader("WWW-Authenticate", CHALLENGE));
    }
    if (admin != null && rawPath.startsWith(ADMIN_PREFIX)) {
      return matches(admin, token) ? Optional.empty()
          : Optional.of(Response.error(403, "this path needs an admin token (http.admin.token)"));
    }
    return matches(accepted, token) ? Optional.empty() : Optional.of(Response.error(403, "token not accepted"));
  }

  private static boolean matches(List<byte[]> candidates, String token) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] candidate : candidates) {
      match |= MessageDigest.isEqual(candidate, given); // no early exit: every candidate is compared
    }
    return match;
  }

  private static boolean startsWithBearer(String value) {
    return value.regionMatches(true, 0, BEARER, 0, BEARER.length());
  }

  @Override
  public String toString() {
    return enabled() ? "ApiAuth[bearer, " + (accepted.size() - 1 - (admin == null ? 0 : admin.size())) + " token(s)"
        + (admin == null ? "" : ", " + admin.size() + " admin token(s)") + "]" : "ApiAuth[open]";
  }

  static ApiAuth requireNonNull(ApiAuth auth) {
    return Objects.requireNonNull(auth, "auth must not be null");
  }
}
