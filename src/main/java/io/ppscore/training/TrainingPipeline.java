package io.ppscore.training;

import io.ppscore.events.InputEvents;
import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EmbeddingSpace;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.inference.PersistedTextEncoder;
import io.ppscore.replay.DatasetReader;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.ReplayStats;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The steps {@code train}, {@code evaluate} and {@code score-batch} share: read a dataset, embed its texts,
 * back-fill snapshots at cut-offs. Prints progress, since each step takes seconds to a minute.
 */
public final class TrainingPipeline {

  private final PrintStream progress;

  public TrainingPipeline(PrintStream progress) {
    this.progress = progress;
  }

  /**
   * All events of a dataset file. Prints how many were read per kind and what was skipped per reason.
   *
   * @throws UncheckedIOException naming {@code source} when it cannot be opened or read (a truncated gzip, a
   *     header of another dataset)
   * @throws IllegalArgumentException naming the top skip reasons when not one event was read
   */
  public List<ReplayEvent> load(DatasetReader reader, ReplaySource source) {
    return load(reader, source, new ReplayStats());
  }

  /** Like {@link #load(DatasetReader, ReplaySource)}, counting what was read and skipped into {@code stats}. */
  public List<ReplayEvent> load(DatasetReader reader, ReplaySource source, ReplayStats stats) {
    long start = System.nanoTime();
    List<ReplayEvent> events;
    try (Stream<ReplayEvent> stream = reader.events(source, stats)) {
      events = stream.toList();
    } catch (UncheckedIOException e) {
      if (e.getMessage() != null && e.getMessage().contains(source.toString())) {
        throw e;
      }
      throw new UncheckedIOException(source + ": " + e.getMessage(), e.getCause());
    }
    progress.printf("Read %,d events (%s) from %s in %.1f s%n", events.size(), ReadSummary.events(stats), source,
        (System.nanoTime() - start) / 1e9);
    progress.print(ReadSummary.skipped(stats));
    if (events.isEmpty()) {
      throw ReadSummary.noEvents(source, stats);
    }
    return events;
  }

  /** First and last event time of {@code events}. */
  public static Instant[] range(List<ReplayEvent> events) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (ReplayEvent e : events) {
      long t = InputEvents.eventTime(e.value()).toEpochMilli();
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    return new Instant[] {Instant.ofEpochMilli(min), Instant.ofEpochMilli(max)};
  }

  /**
   * Month starts from {@code first} (the first month start on or after it: a mid-month date is not rounded
   * back into the days before it) while the labels of {@code horizonDays} still fit before {@code end}
   * (exclusive), and no later than {@code last}.
   */
  public static List<Instant> monthlyCutoffs(LocalDate first, LocalDate last, Instant end, int horizonDays) {
    List<Instant> cutoffs = new ArrayList<>();
    LocalDate start = monthStartOnOrAfter(first);
    for (LocalDate d = start; !d.isAfter(last); d = d.plusMonths(1)) {
      Instant t = d.atStartOfDay().toInstant(ZoneOffset.UTC);
      if (!t.plusSeconds(86_400L * horizonDays).isAfter(end)) {
        cutoffs.add(t);
      }
    }
    return cutoffs;
  }

  /** The first day of a month on or after {@code date}: where {@link #monthlyCutoffs} starts. */
  public static LocalDate monthStartOnOrAfter(LocalDate date) {
    return date.getDayOfMonth() == 1 ? date : date.withDayOfMonth(1).plusMonths(1);
  }

  /**
   * The snapshots whose labels of {@code horizonDays} end by {@code labelsEnd} (cut-off + horizon at or
   * before it), in their order: what a model of that horizon may train on when {@code labelsEnd} is the
   * data's end or a back-test cut-off.
   */
  public static List<Snapshot> labelledBy(List<Snapshot> snapshots, Instant labelsEnd, int horizonDays) {
    return snapshots.stream()
        .filter(s -> !s.cutoff().plus(java.time.Duration.ofDays(horizonDays)).isAfter(labelsEnd))
        .toList();
  }

  /**
   * Embeddings of every distinct text of {@code events} cut to {@code maxSequenceLength} tokens (a model's
   * {@link io.ppscore.model.ModelManifest#maxSequenceLength()}), or none when {@code model} is null.
   */
  public EmbeddingLookup embeddings(List<ReplayEvent> events, EncoderModel model, DeviceSpec device,
      int maxSequenceLength) {
    try (OnnxTextEncoder encoder = openEncoder(model, device, maxSequenceLength)) {
      return embeddings(events, encoder);
    }
  }

  /**
   * Opens the text encoder for {@code model} on {@code device}, or returns null when {@code model} is null.
   * Commands open it before reading the data, so a device that cannot be used fails in seconds.
   *
   * @throws io.ppscore.inference.CudaUnavailableException when {@code device} is {@code cuda[:N]} and CUDA
   *     cannot be used
   */
  public OnnxTextEncoder openEncoder(EncoderModel model, DeviceSpec device) {
    return openEncoder(model, device, EncoderOptions.DEFAULT_MAX_SEQUENCE_LENGTH);
  }

  /**
   * As {@link #openEncoder(EncoderModel, DeviceSpec)}, keeping {@code maxSequenceLength} tokens of each text: the
   * length {@code train --max-sequence-length} embeds with and its manifest records for the commands that score.
   */
  public OnnxTextEncoder openEncoder(EncoderModel model, DeviceSpec device, int maxSequenceLength) {
    return model == null ? null : OnnxTextEncoder.open(model, EncoderOptions.defaults().withDevice(device)
        .withBatchSize(64).withMaxSequenceLength(maxSequenceLength));
  }

  /**
   * As {@link #embeddings(List, OnnxTextEncoder)}, and with {@code cacheRoot} the vectors are read from and
   * written to a {@link PersistedTextEncoder} there (a sub-directory per {@link EmbeddingSpace}), so a re-run
   * embeds only the texts it has not embedded before; bit for bit the same vectors on CPU. Closes
   * {@code encoder} with the cache (the caller's own close of it then does nothing).
   */
  public EmbeddingLookup embeddings(List<ReplayEvent> events, OnnxTextEncoder encoder, Optional<Path> cacheRoot) {
    if (encoder == null || cacheRoot.isEmpty()) {
      return embeddings(events, encoder);
    }
    try (PersistedTextEncoder cached = PersistedTextEncoder.open(encoder, () -> EmbeddingSpace.of(encoder), cacheRoot.get(),
        PersistedTextEncoder.DEFAULT_MAX_BYTES)) {
      progress.printf("Embedding texts with %s on %s, %s %s...%n", encoder.id(), encoder.providerInUse(),
          cached.active() ? "cached in" : "without the embedding cache, which could not be opened:", cached.dir());
      TextEmbeddings embeddings = TextEmbeddings.of(events, cached, progress);
      if (cached.errors() == 0) {
        progress.printf("  %,d texts read from the embedding cache, %,d embedded%n", cached.hits(), cached.misses());
      }
      return embeddings;
    }
  }

  /** Embeddings of every distinct text of {@code events} with {@code encoder}, or none when it is null. */
  public EmbeddingLookup embeddings(List<ReplayEvent> events, OnnxTextEncoder encoder) {
    if (encoder == null) {
      return EmbeddingLookup.none();
    }
    progress.printf("Embedding texts with %s on %s...%n", encoder.id(), encoder.providerInUse());
    return TextEmbeddings.of(events, encoder, progress);
  }

  /** The embedding dimension the backfill's text profiles need for {@code model} (1 without text). */
  public static int textDimension(EncoderModel model) {
    return model == null ? 1 : model.dimension();
  }

  /** Snapshots at {@code cutoffs} with 30- and 90-day labels. */
  public List<Snapshot> backfill(List<ReplayEvent> events, List<Instant> cutoffs, EmbeddingLookup embeddings,
      int textDimension) {
    long start = System.nanoTime();
    List<Snapshot> snapshots = new PointInTimeBackfill(cutoffs, List.of(30, 90), embeddings, textDimension, "GBP")
        .run(events);
    progress.printf("Back-filled %d cut-offs (%,d user rows) in %.1f s%n", snapshots.size(),
        snapshots.stream().mapToInt(s -> s.rows().size()).sum(), (System.nanoTime() - start) / 1e9);
    return snapshots;
  }

  /**
   * The snapshot {@code score-batch} scores at {@code cutoff}: every user with an order (placed or cancelled)
   * before it, as the streaming app scores any user whose state changed.
   */
  public Snapshot scoringSnapshot(List<ReplayEvent> events, Instant cutoff, EmbeddingLookup embeddings,
      int textDimension) {
    long start = System.nanoTime();
    Snapshot snapshot = new PointInTimeBackfill(List.of(cutoff), List.of(30, 90), embeddings, textDimension, "GBP")
        .withEveryCustomerWithAnOrder().run(events).get(0);
    progress.printf("Back-filled 1 cut-off (%,d user rows) in %.1f s%n", snapshot.rows().size(),
        (System.nanoTime() - start) / 1e9);
    return snapshot;
  }
}
