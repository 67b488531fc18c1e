package io.ppscore.events;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the answer of {@code GET /subjects/{subject}/versions/{version}}.
 *
 * @param subject the subject, for example {@code clicks-value}
 * @param id the schema's global id (what the wire format carries)
 * @param version the version within the subject, from 1
 * @param schema the schema itself
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

  /** Checks the arguments. */
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    if (id < 0 || version < 1) {
      throw new IllegalArgumentException("id must be >= 0 and version >= 1, were " + id + " and " + version);
    }
  }
}
