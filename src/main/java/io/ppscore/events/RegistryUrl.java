package io.ppscore.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Checks a schema registry base URL for everything {@code java.net.http} would otherwise refuse only when
 * sending, where the failure would hit every record: one {@code http} or {@code https} URL with a host name
 * the client can use, no credentials, query or fragment. Messages never echo the URL: it might carry
 * credentials.
 */
final class RegistryUrl {

  private RegistryUrl() {
  }

  /**
   * {@code url} as a URI.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static URI check(String url) {
    String trimmed = Objects.requireNonNull(url, "baseUrl").trim();
    if (trimmed.indexOf(',') >= 0) {
      throw new IllegalArgumentException("schema registry URL must be one URL, not a list: ppscore does not fail"
          + " over between registries; put a load balancer or one DNS name in front of several instances");
    }
    URI uri = parse(trimmed);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("schema registry URL must start with http:// or https://");
    }
    if (uri.getRawUserInfo() != null) {
      // Checked so credentials cannot leak through the URL into messages.
      throw new IllegalArgumentException("schema registry URL must not contain credentials; use basic auth");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("schema registry URL has no valid host name (letters, digits, '-' and"
          + " '.'; an underscore is not allowed in a host name)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("schema registry URL must not have a query (?) or fragment (#): request"
          + " paths are appended to it");
    }
    return uri;
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // The reason and index only: the URL itself might carry credentials.
      throw new IllegalArgumentException("schema registry URL is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
    }
  }
}
