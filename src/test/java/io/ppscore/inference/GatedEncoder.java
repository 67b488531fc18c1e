package io.ppscore.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake delegate with {@link CountingEncoder}'s vectors that records each call and its thread, and can be
 * held inside a call (to make "in flight" observable) or made to fail once.
 */
final class GatedEncoder implements TextEncoder {

  final List<List<String>> calls = new ArrayList<>();
  final List<String> threads = new ArrayList<>();
  /** Counted down when a call starts. */
  volatile CountDownLatch entered = new CountDownLatch(1);
  /** When set, calls wait for it before returning. */
  volatile CountDownLatch gate;
  /** When set, the next call fails with it (after the gate), once. */
  final AtomicReference<RuntimeException> failNext = new AtomicReference<>();

  @Override
  public String id() {
    return "gated";
  }

  @Override
  public int dimension() {
    return 4;
  }

  @Override
  public float[][] embed(List<String> texts) {
    synchronized (this) {
      calls.add(List.copyOf(texts));
      threads.add(Thread.currentThread().getName());
    }
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    RuntimeException f = failNext.getAndSet(null);
    if (f != null) {
      throw f;
    }
    return texts.stream().map(CountingEncoder::vectorOf).toArray(float[][]::new);
  }

  synchronized List<List<String>> calls() {
    return List.copyOf(calls);
  }

  synchronized long callsWith(String text) {
    return calls.stream().filter(c -> c.contains(text)).count();
  }

  @Override
  public void close() {
  }
}
