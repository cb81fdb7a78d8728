package io.firstbell.stack.http;

import io.javalin.http.Context;

/** Ends a request with a status and a human-readable reason, rendered as a small HTML page. */
public final class HttpError extends RuntimeException {

  private final int status;

  /** An error answering {@code status}, with {@code reason} on its page. */
  public HttpError(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /** @return the query parameter {@code name} of the request {@code ctx}; a 400 saying it is required when it is missing or blank */
  public static String requiredQueryParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw new HttpError(400, name + " is required.");
    }
    return value;
  }

  /** @return the status to answer with */
  public int status() {
    return status;
  }
}
