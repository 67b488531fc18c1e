package io.ppscore.query;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/** An {@link HttpsServer} bound to an address, serving with a given TLS context. */
final class HttpsServers {

  private HttpsServers() {
  }

  static HttpsServer create(InetSocketAddress address, SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return server;
  }
}
