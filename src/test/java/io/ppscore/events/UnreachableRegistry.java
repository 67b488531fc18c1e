package io.ppscore.events;

import java.net.ConnectException;
import org.apache.avro.Schema;

/** A registry that is down: every call fails as the HTTP client fails when it cannot connect. */
final class UnreachableRegistry implements SchemaRegistry {

  private static SchemaRegistryUnavailableException down() {
    return new SchemaRegistryUnavailableException("Schema registry unreachable", new ConnectException("Connection refused"));
  }

  @Override
  public int register(String subject, Schema schema) {
    throw down();
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    throw down();
  }

  @Override
  public Schema schemaById(int id) {
    throw down();
  }

  @Override
  public RegisteredSchema latest(String subject) {
    throw down();
  }
}
