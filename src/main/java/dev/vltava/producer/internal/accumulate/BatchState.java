package dev.vltava.producer.internal.accumulate;

/**
 * The life of a batch. Transitions: OPEN → CLOSED (no more appends: full, lingered, flushed) → IN_FLIGHT (sealed,
 * stamped, in a request) → back to CLOSED for a retry, or DONE. Any state but DONE may go to DONE (failure, expiry).
 */
public enum BatchState {
    OPEN, CLOSED, IN_FLIGHT, DONE
}
