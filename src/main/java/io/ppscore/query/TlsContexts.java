package io.ppscore.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts of the HTTP API: the server's (key and certificate) and the forwarding client's (trust). */
public final class TlsContexts {

  private TlsContexts() {
  }

  /**
   * A server context presenting the key in {@code keystore}.
   *
   * @throws IllegalArgumentException naming the file (never the password) if it cannot be loaded
   */
  public static SSLContext server(Path keystore, char[] password, String type) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keystore, password, type), password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot load HTTP keystore " + keystore + ": " + e.getMessage(), e);
    }
  }

  /**
   * A client context trusting the certificates in {@code truststore}.
   *
   * @throws IllegalArgumentException naming the file (never the password) if it cannot be loaded
   */
  public static SSLContext client(Path truststore, char[] password, String type) {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore, password, type));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot load HTTP truststore " + truststore + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path path, char[] password, String type) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password);
    }
    return store;
  }
}
