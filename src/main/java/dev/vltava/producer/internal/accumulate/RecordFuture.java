package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.Callback;
import dev.vltava.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * The future returned by {@code send()}; it also carries what the record's metadata needs (sizes, timestamp), so a
 * record costs the engine one object besides its bytes. Completed exactly once, on the completion thread, after the
 * record's callback has run (the official client's order).
 */
public final class RecordFuture extends CompletableFuture<RecordMetadata> {
    final Callback callback;
    final int serializedKeySize;
    final int serializedValueSize;
    final long timestamp;
    final String topic;
    int partition = -1;
    int offsetDelta;

    public RecordFuture(String topic, Callback callback, int serializedKeySize, int serializedValueSize, long timestamp) {
        this.topic = topic;
        this.callback = callback;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.timestamp = timestamp;
    }

    public int partition() {
        return partition;
    }

    /**
     * Runs the interceptors, then the callback, then completes. Whatever user code throws (any {@link Throwable}:
     * an {@code AssertionError} from a test's assert, an {@code Error}, a checked exception thrown from Kotlin) is
     * logged with the record's partition and contained, so the batch's other records still complete.
     */
    void finish(RecordMetadata metadata, Exception error, AckListener ackListener) {
        RecordMetadata forCallback = metadata != null ? metadata
                : new RecordMetadata(topic, partition, -1L, -1L, serializedKeySize, serializedValueSize);
        try {
            ackListener.onAcknowledgement(forCallback, error);
        } catch (Throwable t) {
            Completions.LOG.warn("an interceptor's onAcknowledgement threw for a record to {}-{}; ignored", topic,
                    partition, t);
        }
        if (callback != null) {
            try {
                callback.onCompletion(error == null ? metadata : forCallback, error);
            } catch (Throwable t) {
                Completions.LOG.warn("the callback of a record to {}-{} threw; ignored", topic, partition, t);
            }
        }
        if (error == null) {
            complete(metadata);
        } else {
            completeExceptionally(error);
        }
    }

    /**
     * Waiting for a record that is not complete yet, on the completion thread (inside a callback), would wait for
     * itself forever: the record can only complete on that thread, after the callback returns. Say so instead.
     */
    public static void checkNotBlockingTheCompletionThread(java.util.concurrent.Future<?> f) {
        if (!f.isDone() && Completions.onCompletionThread()) {
            throw new IllegalStateException("A callback (or interceptor) waited for the result of a record that is "
                    + "not complete yet. Callbacks run on the producer's completion thread, which is the thread that "
                    + "would complete that record, so the wait could never end (a deadlock). Chain work with "
                    + "thenAccept/whenComplete, or hand it to another thread, instead of calling get() or join() "
                    + "inside a callback.");
        }
    }

    @Override
    public RecordMetadata get() throws InterruptedException, java.util.concurrent.ExecutionException {
        checkNotBlockingTheCompletionThread(this);
        return super.get();
    }

    @Override
    public RecordMetadata get(long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        checkNotBlockingTheCompletionThread(this);
        return super.get(timeout, unit);
    }

    @Override
    public RecordMetadata join() {
        checkNotBlockingTheCompletionThread(this);
        return super.join();
    }

    /** Fails a record that never reached a batch (bad input discovered late, producer closed, metadata timeout). */
    public void fail(Exception error, int knownPartition, AckListener ackListener) {
        this.partition = knownPartition;
        finish(null, error, ackListener);
    }
}
