package io.ppscore.events;

import java.util.regex.Pattern;

/**
 * What a user id may look like. The same rule guards input events and HTTP requests, so every user
 * whose state is kept can be looked up.
 */
public final class UserIds {

  /** Letters, digits and {@code . _ : @ -}. */
  public static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@-]+");

  private UserIds() {
  }

  /** True if {@code id} is non-empty, at most {@code maxLength} long and only uses allowed characters. */
  public static boolean isValid(String id, int maxLength) {
    return id != null && !id.isEmpty() && id.length() <= maxLength && ALLOWED.matcher(id).matches();
  }
}
