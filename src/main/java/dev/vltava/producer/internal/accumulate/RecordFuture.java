package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.Callback;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.internal.completion.Completions;

/**
 * The future Vltava's {@code send()} returns; as a {@link PendingRecord} it also carries what the record's metadata
 * needs (sizes, timestamp), so a record costs the engine one object besides its bytes. Completed exactly once, on the
 * completion thread, after the record's callback has run (the official client's order).
 */
public final class RecordFuture extends PendingRecord<RecordMetadata> {
    final Callback callback;

    /** A future whose sizes and timestamp {@code send()} fills in with {@link #bind} once it has serialized. */
    public RecordFuture(String topic, Callback callback) {
        super(topic);
        this.callback = callback;
    }

    public RecordFuture(String topic, Callback callback, int serializedKeySize, int serializedValueSize, long timestamp) {
        this(topic, callback);
        bind(serializedKeySize, serializedValueSize, timestamp);
    }

    @Override
    protected int touchCallback() {
        return callback == null ? 0 : callback.getClass().hashCode();
    }

    @Override
    protected void succeeded(long offset, long timestamp, AckListener ackListener) {
        finish(new RecordMetadata(topic, partition, offset, timestamp, serializedKeySize, serializedValueSize), null,
                ackListener);
    }

    @Override
    protected void failed(Exception error, AckListener ackListener) {
        finish(null, error, ackListener);
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
}
