package io.ppscore.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wipes the local state before start when the window stores' retentions differ from those it was written
 * with, so that Kafka Streams restores the stores from their changelogs.
 *
 * <p>Why: Kafka Streams names a RocksDB window store's segments by time, in steps of a segment interval it
 * derives from the retention (half of it). Reopened with another retention (a changed {@code state.grace.ms},
 * {@code dedup.horizon.ms} or {@code validation.max.future.ms}, or a build that computes retentions
 * differently), the existing segments' names no longer match the new steps: they are left unopened, and the
 * store reads their buckets as missing, while the checkpoint says the store is restored, so nothing brings
 * them back. The retentions the local state was written with are kept in {@value #FILE} in the application's
 * state directory; local state without that file (written by a build before it existed) is wiped once too.
 */
final class StoreLayoutGuard {

  static final String FILE = "ppscore-store-layout.properties";
  private static final Logger LOG = LoggerFactory.getLogger(StoreLayoutGuard.class);
  private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

  private StoreLayoutGuard() {
  }

  /**
   * Compares {@code retentions} with those recorded in {@code appStateDir}; when local state exists and they
   * differ (or none are recorded), logs why and runs {@code cleanUp} ({@code KafkaStreams#cleanUp}, before
   * start). Then records {@code retentions}.
   *
   * @return whether the local state was wiped
   */
  static boolean apply(Path appStateDir, Map<String, Duration> retentions, Runnable cleanUp) {
    Objects.requireNonNull(cleanUp, "cleanUp must not be null");
    Map<String, String> expected = new TreeMap<>();
    retentions.forEach((store, retention) -> expected.put(store, Long.toString(retention.toMillis())));
    boolean wiped = false;
    try {
      if (hasTaskState(appStateDir)) {
        Map<String, String> recorded = recorded(appStateDir.resolve(FILE));
        if (!expected.equals(recorded)) {
          LOG.warn("Local state in {} was written with {}, this instance's window stores have retentions {} (ms): "
              + "wiping it so the stores are restored from their changelogs (a window store's RocksDB segments "
              + "are named by a segment interval derived from its retention; the old ones would be left unread)",
              appStateDir, recorded == null ? "no record of its window stores' retentions (an earlier build)"
                  : "retentions " + recorded + " (ms)", expected);
          cleanUp.run();
          wiped = true;
        }
      }
      record(appStateDir.resolve(FILE), expected);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the local state's layout in " + appStateDir + ": " + e.getMessage(), e);
    }
    return wiped;
  }

  private static boolean hasTaskState(Path appStateDir) throws IOException {
    if (!Files.isDirectory(appStateDir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(appStateDir)) {
      return entries.anyMatch(p -> Files.isDirectory(p) && TASK_DIRECTORY.matcher(p.getFileName().toString()).matches());
    }
  }

  private static Map<String, String> recorded(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> recorded = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> recorded.put(k, p.getProperty(k)));
    return recorded;
  }

  private static void record(Path file, Map<String, String> retentions) throws IOException {
    Files.createDirectories(file.getParent());
    Properties p = new Properties();
    p.putAll(retentions);
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "retention (ms) of each window store the local state was written with; see StoreLayoutGuard");
    }
    io.ppscore.files.FileOps.moveIntoPlace(tmp, file);
  }
}
