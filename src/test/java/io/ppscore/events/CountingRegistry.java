package io.ppscore.events;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Delegates to another registry and counts the calls, to prove what the serde caches. */
final class CountingRegistry implements SchemaRegistry {

  private final SchemaRegistry delegate;
  private final AtomicInteger calls = new AtomicInteger();

  CountingRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  int calls() {
    return calls.get();
  }

  @Override
  public int register(String subject, Schema schema) {
    calls.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    calls.incrementAndGet();
    return delegate.lookupId(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    calls.incrementAndGet();
    return delegate.schemaById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    calls.incrementAndGet();
    return delegate.latest(subject);
  }
}
