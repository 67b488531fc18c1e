package io.ppscore.events;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context for an https registry from a truststore file. */
final class TrustStores {

  private TrustStores() {}

  /**
   * An {@link SSLContext} trusting the certificates in {@code path} (PKCS12 or JKS, detected from the content).
   *
   * @throws IllegalArgumentException naming the file (never the password) if it cannot be loaded
   */
  static SSLContext sslContextTrusting(Path path, char[] password) {
    try {
      KeyStore trustStore = KeyStore.getInstance(path.toFile(), password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot load schema registry truststore " + path + ": " + e.getMessage(), e);
    }
  }
}
