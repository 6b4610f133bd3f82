package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.VltavaException;

/**
 * What the {@link TransactionManager} needs of the sender, which implements it: whether records are still on their
 * way, failing the ones not sent yet, flushing lingering batches, and the producer's fatal error. Sender thread only.
 */
public interface TransactionHost {

    /** True when no record is queued, waiting for metadata, or in a request (every one has its outcome). */
    boolean allRecordsDone();

    /** Fails every record not sent yet (queued, or waiting for metadata) with {@code error}. */
    void failUnsent(Exception error);

    /** Starts ({@code true}) or ends a flush: lingering batches go out at once, as for {@code flush()}. */
    void flushing(boolean on);

    /** The producer cannot go on: every later record fails with {@code error}. */
    void fatal(VltavaException error);
}
