package io.ppscore.query;

/** Thrown by handlers to answer with a prepared error response (bad input); carries no stack trace. */
final class ApiException extends RuntimeException {

  private final transient Response response;

  private ApiException(String message, Response response) {
    super(message, null, false, false);
    this.response = response;
  }

  static ApiException badRequest(String message) {
    return new ApiException(message, Response.error(400, message));
  }

  Response response() {
    return response;
  }
}
