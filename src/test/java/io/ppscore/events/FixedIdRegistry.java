package io.ppscore.events;

import org.apache.avro.Schema;

/** A registry that knows one schema, under one id chosen by the test (for example 0x01020304). */
final class FixedIdRegistry implements SchemaRegistry {

  private final int id;
  private final Schema schema;

  FixedIdRegistry(int id, Schema schema) {
    this.id = id;
    this.schema = schema;
  }

  @Override
  public int register(String subject, Schema candidate) {
    return id;
  }

  @Override
  public int lookupId(String subject, Schema candidate) {
    return id;
  }

  @Override
  public Schema schemaById(int requested) {
    if (requested != id) {
      throw new UnknownSchemaIdException(requested, "Schema id " + requested + " not found");
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return new RegisteredSchema(subject, id, 1, schema);
  }
}
