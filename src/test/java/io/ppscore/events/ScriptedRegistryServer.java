package io.ppscore.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP endpoint that gives scripted answers in order (the last one repeats): any status, headers and
 * body, a connection closed without an answer, or an answer given only after a delay. Records the paths
 * (and queries) it was asked for. For the failures a real registry or its proxy gives, which the embedded
 * registry never does.
 */
final class ScriptedRegistryServer implements AutoCloseable {

  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean closeWithoutAnswer) {

    static Answer json(int status, String body) {
      return new Answer(status, Map.of(), body, Duration.ZERO, false);
    }

    static Answer error(int status, int errorCode, String message) {
      return json(status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}");
    }

    /** An Avro schema answer, as to {@code GET /schemas/ids/{id}}. */
    static Answer schema(String schemaJson) {
      return json(200, "{\"schema\":" + quoted(schemaJson) + "}");
    }

    static Answer connectionClosed() {
      return new Answer(0, Map.of(), "", Duration.ZERO, true);
    }

    Answer withHeader(String name, String value) {
      return new Answer(status, Map.of(name, value), body, delay, closeWithoutAnswer);
    }

    Answer after(Duration wait) {
      return new Answer(status, headers, body, wait, closeWithoutAnswer);
    }
  }

  private final Deque<Answer> script;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "scripted-registry");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpServer server;

  ScriptedRegistryServer(Answer... answers) {
    this.script = new ArrayDeque<>(List.of(answers));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A JSON string literal of {@code text}. */
  static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** The raw paths asked for, with their query if any, in order. */
  List<String> paths() {
    return List.copyOf(paths);
  }

  int requests() {
    return paths.size();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private synchronized Answer next() {
    return script.size() > 1 ? script.poll() : script.peek();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    paths.add(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
    exchange.getRequestBody().readAllBytes();
    Answer answer = next();
    try {
      Thread.sleep(answer.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (answer.closeWithoutAnswer()) {
      exchange.close(); // no status line: the client sees the connection end without an answer
      return;
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", RegistryTransport.CONTENT_TYPE);
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
