package io.firstbell.stack.http;

/** Ends a request with a status and a human-readable reason, rendered as a small HTML page. */
public final class HttpError extends RuntimeException {

  private final int status;

  public HttpError(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
