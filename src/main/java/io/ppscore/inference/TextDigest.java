package io.ppscore.inference;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 digest of a text's UTF-16 code units: the key {@link CachingTextEncoder} caches a vector under, so an
 * entry costs 32 bytes of key whatever the text's length (a 1,000-character text as a key held 1 to 2 KB
 * more), and the key {@link PersistentEmbeddingStore} stores it under on disk ({@link #bytes()}). Two texts with
 * the same digest would share a vector; for SHA-256 that is not expected to happen.
 */
record TextDigest(long a, long b, long c, long d) {

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  /**
   * The digest of {@code text}. Of its chars, not of an encoding: getBytes would replace every unpaired
   * surrogate with the same '?', and two different texts would share a key.
   */
  static TextDigest of(String text) {
    ByteBuffer chars = ByteBuffer.allocate(2 * text.length());
    for (int i = 0; i < text.length(); i++) {
      chars.putChar(text.charAt(i));
    }
    ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(chars.array()));
    return new TextDigest(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  /** The 32 bytes of the digest, as SHA-256 gave them. */
  byte[] bytes() {
    return ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array();
  }
}
