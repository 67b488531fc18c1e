package io.ppscore.query;

import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a user's state can be read: on this instance, on another instance, or nowhere right now.
 * Produced by a {@link UserLocator}; the HTTP layer reads locally, forwards, or answers 503.
 */
public sealed interface Location permits Location.Local, Location.Remote, Location.Unavailable {

  /** This instance hosts the active store partition for the user. */
  static Location local() {
    return Local.INSTANCE;
  }

  /** Another instance hosts the active store partition; {@code owner} is its advertised endpoint. */
  static Location remote(HostInfo owner) {
    return new Remote(owner);
  }

  /**
   * No instance can answer now (rebalancing, not started, metadata missing); {@code reason} is shown to clients,
   * so it is a fixed text: no exception message, host name or other internal detail.
   */
  static Location unavailable(String reason) {
    return new Unavailable(reason);
  }

  /** See {@link Location#local()}. */
  final class Local implements Location {
    private static final Local INSTANCE = new Local();

    private Local() {
    }

    @Override
    public String toString() {
      return "LOCAL";
    }
  }

  /** See {@link Location#remote(HostInfo)}. */
  record Remote(HostInfo owner) implements Location {
    public Remote {
      Objects.requireNonNull(owner, "owner must not be null");
    }
  }

  /** See {@link Location#unavailable(String)}. */
  record Unavailable(String reason) implements Location {
    public Unavailable {
      Objects.requireNonNull(reason, "reason must not be null");
    }
  }
}
