package io.ppscore.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a user id appears in a log line: every log statement that names a user goes through {@link #of}.
 * Hashed (the default) is {@code u:} and the first 12 hex digits of SHA-256(salt, id): the same user gives
 * the same hash in every line and on every instance of a deployment, so an operator can still follow one
 * user (and find the hash of a known id with {@code ppscore}'s own code), but the logs do not hold the ids.
 * The salt ({@code log.user.id.salt}) keeps outsiders from hashing candidate ids to reverse a hash.
 *
 * <p>Set once at start-up ({@link #configure}); log statements run on many threads, hence the volatile mode.
 */
public final class LogIds {

  /** {@code log.user.ids}. */
  public enum Mode { HASHED, PLAIN }

  private static final int HEX_DIGITS = 12;
  private static final Pattern USER_SEGMENT = Pattern.compile("(/users/)([^/?]+)");
  private static volatile Settings settings = new Settings(Mode.HASHED, new byte[0]);

  private record Settings(Mode mode, byte[] salt) {
  }

  private LogIds() {
  }

  /** Sets how ids are logged from now on; {@code salt} may be empty (then a hash is reversible by guessing). */
  public static void configure(Mode mode, String salt) {
    settings = new Settings(Objects.requireNonNull(mode, "mode must not be null"),
        (salt == null ? "" : salt).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code log.user.ids} and {@code log.user.id.salt} as {@link #configure} takes them. */
  public static void configure(String mode, String salt) {
    Mode parsed = Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
    if (parsed == Mode.HASHED && (salt == null || salt.isEmpty())) {
      org.slf4j.LoggerFactory.getLogger(LogIds.class).warn("log.user.id.salt is empty: hashed user ids in the logs "
          + "can be reversed by trying every plausible id; set a secret salt (PPSCORE_LOG_USER_ID_SALT)");
    }
    configure(parsed, salt);
  }

  /** The user id as it may appear in a log line. */
  public static String of(String userId) {
    if (userId == null) {
      return "null";
    }
    Settings s = settings;
    return s.mode == Mode.PLAIN ? userId : hash(s.salt, userId);
  }

  /** {@code rawPath} with the segment after {@code /users/} replaced by {@link #of} it, for access and error logs. */
  public static String path(String rawPath) {
    if (rawPath == null || settings.mode == Mode.PLAIN) {
      return rawPath;
    }
    Matcher m = USER_SEGMENT.matcher(rawPath);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + of(m.group(2))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String hash(byte[] salt, String userId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      sha.update((byte) 0);
      byte[] digest = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
      return "u:" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
