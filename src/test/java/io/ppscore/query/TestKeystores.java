package io.ppscore.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed localhost certificate in a PKCS12 keystore and a truststore holding it, made with the JDK's keytool. */
record TestKeystores(Path keystore, Path truststore, String password) {

  static TestKeystores create(Path dir) {
    String password = "changeit-" + System.nanoTime();
    Path keystore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.cer");
    Path truststore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "ppscore", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "ppscore", "-keystore", keystore.toString(), "-storepass", password,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "ppscore", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", password);
    return new TestKeystores(keystore, truststore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
