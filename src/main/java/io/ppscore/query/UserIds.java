package io.ppscore.query;

import java.util.regex.Pattern;

/** The user ids the API accepts; checked before any store is touched or any request forwarded. */
final class UserIds {

  static final int MAX_LENGTH = 128;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

  private UserIds() {
  }

  /** {@code id} itself if valid; otherwise a 400 that does not echo the (possibly hostile) input. */
  static String requireValid(String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw ApiException.badRequest("invalid user id: expected 1.." + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : @ -");
    }
    return id;
  }
}
