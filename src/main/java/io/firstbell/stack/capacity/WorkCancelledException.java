package io.firstbell.stack.capacity;

/** Work stopped because its request outlived {@code request-timeout}: its client has given up. */
public final class WorkCancelledException extends RuntimeException {
  public WorkCancelledException() {
    super("The request was cancelled: it outlived firstbell.stack.capacity.request-timeout, so its client has given up.", null, false, false);
  }
}
