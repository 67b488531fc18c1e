package io.ppscore.events;

/**
 * The schema registry refused a request. Carries the registry's {@code error_code}: Confluent uses
 * five-digit codes whose first three digits are the HTTP status (40401 subject not found, 40402 version
 * not found, 40403 schema not found, 42201 invalid schema) and plain HTTP statuses otherwise (401, 409).
 */
public class SchemaRegistryException extends RuntimeException {

  /** Subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Version not found. */
  public static final int VERSION_NOT_FOUND = 40402;
  /** Schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;
  /** Schema incompatible with an earlier version. */
  public static final int INCOMPATIBLE_SCHEMA = 409;
  /** Schema not parsable or not Avro. */
  public static final int INVALID_SCHEMA = 42201;
  /** Version not a positive number or "latest". */
  public static final int INVALID_VERSION = 42202;
  /** No answer: the request could not be sent (the HTTP client refused the URL). */
  public static final int NOT_SENT = 0;

  private final int errorCode;

  /** A refusal with the registry's error code. */
  public SchemaRegistryException(String message, int errorCode) {
    super(message);
    this.errorCode = errorCode;
  }

  /** The registry's {@code error_code}, or the HTTP status when the answer had none. */
  public int errorCode() {
    return errorCode;
  }

  /** The HTTP status that goes with {@link #errorCode()}: 40401 -> 404, 409 -> 409. */
  public int httpStatus() {
    return errorCode >= 10_000 ? errorCode / 100 : errorCode;
  }
}
