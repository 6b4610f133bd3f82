package dev.vltava.producer.internal.send;

/** What the sender does with a partition's produce error. */
public enum ErrorAction {
    /** Success after all (DUPLICATE_SEQUENCE_NUMBER: the broker already has the batch). */
    SUCCESS,
    /** Retry the batch after backoff. */
    RETRY,
    /** Retry after backoff and refresh metadata first (the leader moved or is unknown). */
    RETRY_REFRESH_METADATA,
    /** Idempotence-specific handling (sequence or producer-id trouble). */
    SEQUENCE_PROBLEM,
    /** Fail the batch's records now. */
    FAIL
}
