package dev.vltava.producer.internal.accumulate;

/** What an append did, so the caller can wake the sender and move the sticky partition on. */
public enum AppendResult {
    /** Appended to the open batch. */
    APPENDED,
    /** Appended to the open batch, which is now full. */
    APPENDED_BATCH_FULL,
    /** A new batch was created for this record. */
    NEW_BATCH,
    /** Nothing appended: the open batch is full and the caller asked not to start a new one (sticky switch). */
    NEEDS_NEW_BATCH
}
