package io.ppscore.query;

/**
 * The user ids the API accepts; checked before any store is touched or any request forwarded. The rule
 * is {@link io.ppscore.events.UserIds}, the one input events are validated with.
 */
final class UserIds {

  /** The default of {@code validation.max.id.length}, the limit input events are validated with. */
  static final int DEFAULT_MAX_LENGTH = 128;

  private UserIds() {
  }

  /** {@code id} itself if valid; otherwise a 400 that does not echo the (possibly hostile) input. */
  static String requireValid(String id, int maxLength) {
    if (!io.ppscore.events.UserIds.isValid(id, maxLength)) {
      throw ApiException.badRequest("invalid user id: expected 1.." + maxLength + " characters of A-Z a-z 0-9 . _ : @ -");
    }
    return id;
  }
}
