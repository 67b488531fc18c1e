package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.LoggedWarnings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The on-disk level of the embedding cache, with a counting fake encoder and real RocksDB directories. */
class PersistedTextEncoderTest {

  private static final EmbeddingSpace SPACE = new EmbeddingSpace("counting", 128, "cpu", "test");
  private static final long MAX_BYTES = 16L << 20;

  @TempDir
  Path root;

  @RegisterExtension
  final LoggedWarnings warnings = new LoggedWarnings("io.ppscore.inference");

  @Test
  void shouldServeVectorsFromDiskAfterARestartWithoutCallingTheEncoder() {
    // Given texts embedded through the memory and disk levels, then the app closed
    CountingEncoder firstRun = new CountingEncoder();
    try (CachingTextEncoder cache = CachingTextEncoder.wrap(PersistedTextEncoder.open(firstRun, SPACE, root, MAX_BYTES), 10)) {
      cache.embed(List.of("red candle", "garden hose"));
    }
    assertThat(firstRun.closed).isTrue();

    // When a new process (empty memory cache) opens the same directory and asks for them again, one twice
    CountingEncoder secondRun = new CountingEncoder();
    PersistedTextEncoder persisted = PersistedTextEncoder.open(secondRun, SPACE, root, MAX_BYTES);
    try (CachingTextEncoder cache = CachingTextEncoder.wrap(persisted, 10)) {
      float[][] rows = cache.embed(List.of("garden hose", "red candle", "garden hose"));

      // Then they come from disk: the encoder is not called, the duplicate is looked up once
      assertThat(secondRun.calls).isEmpty();
      assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("garden hose"),
          CountingEncoder.vectorOf("red candle"), CountingEncoder.vectorOf("garden hose")});
      assertThat(cache.misses()).isEqualTo(2);
      assertThat(persisted.hits()).isEqualTo(2);
      assertThat(persisted.misses()).isZero();
      assertThat(persisted.errors()).isZero();
    }
  }

  @Test
  void shouldSendOnlyTextsNotOnDiskToTheEncoderAndStoreThem() {
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("mug"));
    }
    CountingEncoder encoder = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
      float[][] rows = persisted.embed(List.of("hose", "mug", "lamp"));

      assertThat(encoder.calls).containsExactly(List.of("hose", "lamp"));
      assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("hose"), CountingEncoder.vectorOf("mug"),
          CountingEncoder.vectorOf("lamp")});
      assertThat(persisted.hits()).isEqualTo(1);
      assertThat(persisted.misses()).isEqualTo(2);
    }
    CountingEncoder third = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(third, SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("hose", "mug", "lamp"));
      assertThat(third.calls).isEmpty();
    }
  }

  @Test
  void shouldReturnEveryFloatBitForBitAsTheEncoderComputedIt() {
    // Given an encoder whose vectors hold -0, subnormals, the extremes and values with every mantissa bit set
    float[] awkward = {-0.0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.intBitsToFloat(0x3f7fffff), 1e-30f, (float) Math.PI};
    FixedVectorEncoder first = new FixedVectorEncoder(awkward);
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(first, SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("x"));
    }

    // When it is read back after a restart
    FixedVectorEncoder second = new FixedVectorEncoder(new float[awkward.length]);
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(second, SPACE, root, MAX_BYTES)) {
      float[] read = persisted.embed(List.of("x"))[0];

      // Then every component has the same bits
      assertThat(second.calls).isZero();
      assertThat(bits(read)).containsExactly(bits(awkward));
    }
  }

  @Test
  void shouldReturnTheRealEncodersVectorsBitForBitAfterARestart() {
    List<String> texts = List.of("red leather handbag", "stainless steel garden hose", "mug");
    EncoderOptions options = EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withIntraOpThreads(1);
    float[][] computed;
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2_INT8, options)) {
      EmbeddingSpace space = EmbeddingSpace.of(encoder);
      computed = encoder.embed(texts);
      try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new Unclosed(encoder), space, root, MAX_BYTES)) {
        persisted.embed(texts);
      }
      try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new Unclosed(encoder), space, root, MAX_BYTES)) {
        float[][] read = persisted.embed(texts);

        assertThat(persisted.hits()).isEqualTo(3);
        for (int i = 0; i < texts.size(); i++) {
          assertThat(bits(read[i])).as(texts.get(i)).containsExactly(bits(computed[i]));
        }
      }
    }
  }

  @Test
  void shouldNotReadAnotherEncodersOrSequenceLengthsVectors() {
    // Given a text stored in one space
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("a rather long product title"));
    }

    // When another encoder id, another max sequence length or another provider asks for it
    for (EmbeddingSpace other : List.of(new EmbeddingSpace("other-encoder", 128, "cpu", "test"),
        new EmbeddingSpace("counting", 64, "cpu", "test"), new EmbeddingSpace("counting", 128, "cuda", "test"),
        new EmbeddingSpace("counting", 128, "cpu", "other-files"))) {
      CountingEncoder encoder = new CountingEncoder();
      try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, other, root, MAX_BYTES)) {
        persisted.embed(List.of("a rather long product title"));

        // Then it is a miss there: the encoder embeds it
        assertThat(encoder.calls).as(other.directoryName()).containsExactly(List.of("a rather long product title"));
        assertThat(persisted.hits()).isZero();
      }
    }
    assertThat(subdirectories()).hasSize(5);
  }

  @Test
  void shouldTreatAValueOfTheWrongLengthOrNotFiniteAsAMissAndOverwriteIt() throws Exception {
    // Given two values on disk that are not vectors of the encoder: 3 floats instead of 4, and a NaN
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("short", "nan"));
    }
    Path dir = root.resolve(SPACE.directoryName());
    putRaw(dir, TextDigest.of("short").bytes(), new byte[12]);
    putRaw(dir, TextDigest.of("nan").bytes(), littleEndian(Float.NaN, 0f, 0f, 1f));

    // When they are asked for
    CountingEncoder encoder = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
      float[][] rows = persisted.embed(List.of("short", "nan"));

      // Then both are misses, counted, embedded again and returned right
      assertThat(encoder.calls).containsExactly(List.of("short", "nan"));
      assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("short"), CountingEncoder.vectorOf("nan")});
      assertThat(persisted.invalid()).isEqualTo(2);
      assertThat(persisted.misses()).isEqualTo(2);
      assertThat(persisted.errors()).isZero();
      assertThat(persisted.active()).isTrue();
    }

    // And the next run reads the rewritten vectors
    CountingEncoder next = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(next, SPACE, root, MAX_BYTES)) {
      assertThat(persisted.embed(List.of("short", "nan")))
          .isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("short"), CountingEncoder.vectorOf("nan")});
      assertThat(next.calls).isEmpty();
      assertThat(persisted.invalid()).isZero();
    }
  }

  @Test
  void shouldLogOnceAndRunWithoutTheDiskWhenTheDirectoryIsHeldByAnotherOpener() {
    // Given the directory open (RocksDB's lock held), as by another process on the same state.dir
    try (PersistedTextEncoder holder = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      assertThat(holder.active()).isTrue();

      // When a second encoder opens it, then it does not throw, it logs one WARN naming the directory and the cause
      CountingEncoder encoder = new CountingEncoder();
      try (PersistedTextEncoder second = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
        assertThat(second.active()).isFalse();
        assertThat(second.errors()).isEqualTo(1);
        assertThat(warnings.list()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
            .contains(root.resolve(SPACE.directoryName()).toAbsolutePath().toString(), "cannot open it", "lock",
                "in-memory cache only"));

        // and every text goes to the encoder, nothing counted as a disk hit or miss
        assertThat(second.embed(List.of("mug", "mug"))).hasNumberOfRows(2);
        assertThat(encoder.calls).containsExactly(List.of("mug", "mug"));
        assertThat(second.hits() + second.misses()).isZero();
      }
    }
  }

  @Test
  void shouldLogAndRunWithoutTheDiskWhenTheDirectoryCannotBeCreated() throws IOException {
    // Given state.dir's place taken by a regular file
    Path file = Files.writeString(root.resolve("not-a-directory"), "x");

    CountingEncoder encoder = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, file, MAX_BYTES)) {
      assertThat(persisted.active()).isFalse();
      assertThat(persisted.embed(List.of("mug"))[0]).isEqualTo(CountingEncoder.vectorOf("mug"));
      assertThat(warnings.list()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(file.resolve(SPACE.directoryName()).toString(), "cannot open it"));
    }
    assertThat(encoder.closed).isTrue();
  }

  @Test
  void shouldDeleteAndStartAfreshAStoreFoundDamagedAtOpenInsteadOfStayingOffAtEveryStart() throws IOException {
    // Given a few vectors flushed to a small table file whose index and filter blocks are then damaged
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("red candle", "garden hose"));
    }
    damage(tableFiles(root.resolve(SPACE.directoryName())).get(0), 0, Integer.MAX_VALUE);

    // When the directory is opened (RocksDB reads every table's metadata on open), then one WARN says it was damaged
    // and started afresh: the level is on, empty, and the vectors are embedded and stored again
    CountingEncoder encoder = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
      assertThat(persisted.active()).isTrue();
      assertThat(persisted.errors()).isZero();
      assertThat(persisted.embed(List.of("red candle"))[0]).isEqualTo(CountingEncoder.vectorOf("red candle"));
      assertThat(encoder.calls).containsExactly(List.of("red candle"));
      assertThat(warnings.list()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(root.resolve(SPACE.directoryName()).toAbsolutePath().toString(), "is damaged",
              "starting it afresh"));
    }
    // and the next start reads them from disk
    CountingEncoder next = new CountingEncoder();
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(next, SPACE, root, MAX_BYTES)) {
      assertThat(persisted.embed(List.of("red candle"))[0]).isEqualTo(CountingEncoder.vectorOf("red candle"));
      assertThat(next.calls).isEmpty();
    }
  }

  @Test
  void shouldLogAndRunWithoutTheDiskWhenTheEmbeddingSpaceCannotBeNamed() {
    // Given a space whose model files cannot be read to fingerprint them
    CountingEncoder encoder = new CountingEncoder();
    java.util.function.Supplier<EmbeddingSpace> unreadable = () -> {
      throw new java.io.UncheckedIOException("cannot read model resource m.onnx", new IOException("gone"));
    };

    // When the level is opened, then no exception: one WARN, and every call goes to the encoder
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, unreadable, root, MAX_BYTES)) {
      assertThat(persisted.active()).isFalse();
      assertThat(persisted.embed(List.of("mug"))[0]).isEqualTo(CountingEncoder.vectorOf("mug"));
      assertThat(warnings.list()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(root.toAbsolutePath().toString(), "cannot open it", "cannot read model resource m.onnx"));
    }
  }

  @Test
  void shouldCountAReadErrorWarnOnceAndCarryOnWithoutTheDisk() throws IOException {
    // Given vectors flushed to a table file whose first data block is then damaged (its metadata is intact)
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      texts.add("title " + i);
    }
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new WideEncoder(1_024), SPACE, root, MAX_BYTES)) {
      persisted.embed(texts);
    }
    damage(tableFiles(root.resolve(SPACE.directoryName())).get(0), 64, 1_024);

    // When the texts are read (RocksDB's block checksum fails), then read again
    WideEncoder encoder = new WideEncoder(1_024);
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
      assertThat(persisted.active()).isTrue();
      float[][] rows = persisted.embed(texts);
      persisted.embed(texts.subList(0, 1));

      // Then the caller still gets the encoder's vectors, the error is counted and warned of once, and the
      // disk is no longer used
      assertThat(rows).isDeepEqualTo(new WideEncoder(1_024).embed(texts));
      assertThat(encoder.calls).isEqualTo(2);
      assertThat(persisted.errors()).isEqualTo(1);
      assertThat(persisted.active()).isFalse();
      assertThat(warnings.list()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(root.resolve(SPACE.directoryName()).toAbsolutePath().toString(), "a read failed",
              "until restart"));
    }
  }

  @Test
  void shouldReleaseTheDirectoryOnCloseSoTheSameProcessCanOpenItAgain() {
    PersistedTextEncoder first = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES);
    assertThat(first.active()).isTrue();
    first.close();
    first.close(); // idempotent

    try (PersistedTextEncoder again = PersistedTextEncoder.open(new CountingEncoder(), SPACE, root, MAX_BYTES)) {
      assertThat(again.active()).isTrue();
      assertThat(again.errors()).isZero();
    }
    assertThat(warnings.list()).isEmpty();
    assertThatThrownBy(() -> first.embed(List.of("mug"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void shouldKeepTheTableFilesWithinTheBoundByDroppingTheOldest() throws IOException {
    // Given a 16 MiB bound and about 40 MiB of 4,096-dimension vectors written in several runs
    int dimension = 4_096;
    for (int run = 0; run < 5; run++) {
      try (PersistedTextEncoder persisted = PersistedTextEncoder.open(new WideEncoder(dimension), SPACE, root, MAX_BYTES)) {
        for (int call = 0; call < 5; call++) {
          List<String> texts = new java.util.ArrayList<>();
          for (int i = 0; i < 100; i++) {
            texts.add("run " + run + " call " + call + " text " + i);
          }
          persisted.embed(texts);
        }
      }
    }

    // Then the table files stay within the bound and the oldest vectors are gone, the newest kept
    long tableBytes = 0;
    for (Path table : tableFiles(root.resolve(SPACE.directoryName()))) {
      tableBytes += Files.size(table);
    }
    assertThat(tableBytes).isLessThanOrEqualTo(MAX_BYTES);
    WideEncoder encoder = new WideEncoder(dimension);
    try (PersistedTextEncoder persisted = PersistedTextEncoder.open(encoder, SPACE, root, MAX_BYTES)) {
      persisted.embed(List.of("run 4 call 4 text 99"));
      assertThat(encoder.calls).isZero();
      persisted.embed(List.of("run 0 call 0 text 0"));
      assertThat(encoder.calls).isEqualTo(1);
    }
  }

  private List<Path> subdirectories() {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> tableFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
  }

  /** Flips the bits of bytes {@code from} to {@code to} (at most up to 64 bytes before the end) of {@code file}. */
  private static void damage(Path file, int from, int to) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int i = from; i < Math.min(to, bytes.length - 64); i++) {
      bytes[i] ^= (byte) 0x5a;
    }
    Files.write(file, bytes);
  }

  private static void putRaw(Path dir, byte[] key, byte[] value) throws RocksDBException {
    try (Options options = new Options(); RocksDB db = RocksDB.open(options, dir.toString())) {
      db.put(key, value);
    }
  }

  private static byte[] littleEndian(float... values) {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return bytes.array();
  }

  private static int[] bits(float[] vector) {
    int[] bits = new int[vector.length];
    for (int i = 0; i < vector.length; i++) {
      bits[i] = Float.floatToRawIntBits(vector[i]);
    }
    return bits;
  }

  /** Returns the same vector for every text; counts its calls. */
  private static final class FixedVectorEncoder implements TextEncoder {
    private final float[] vector;
    int calls;

    FixedVectorEncoder(float[] vector) {
      this.vector = vector;
    }

    @Override
    public String id() {
      return "fixed";
    }

    @Override
    public int dimension() {
      return vector.length;
    }

    @Override
    public float[][] embed(List<String> texts) {
      calls++;
      return texts.stream().map(t -> vector.clone()).toArray(float[][]::new);
    }

    @Override
    public void close() {
    }
  }

  /** Wide deterministic vectors, so a few hundred texts fill several table files; counts its calls. */
  private static final class WideEncoder implements TextEncoder {
    private final int dimension;
    int calls;

    WideEncoder(int dimension) {
      this.dimension = dimension;
    }

    @Override
    public String id() {
      return "wide";
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public float[][] embed(List<String> texts) {
      calls++;
      float[][] rows = new float[texts.size()][dimension];
      for (int r = 0; r < rows.length; r++) {
        java.util.Random random = new java.util.Random(texts.get(r).hashCode());
        for (int i = 0; i < dimension; i++) {
          rows[r][i] = random.nextFloat();
        }
      }
      return rows;
    }

    @Override
    public void close() {
    }
  }

  /** Lets a test close the persisted level without closing the shared real encoder. */
  private record Unclosed(TextEncoder encoder) implements TextEncoder {
    @Override
    public String id() {
      return encoder.id();
    }

    @Override
    public int dimension() {
      return encoder.dimension();
    }

    @Override
    public float[][] embed(List<String> texts) {
      return encoder.embed(texts);
    }

    @Override
    public void close() {
    }
  }
}
