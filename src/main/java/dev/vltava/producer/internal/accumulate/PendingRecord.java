package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.completion.Completions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One record from {@code send()} until its outcome: what the engine keeps of it (topic, serialized sizes, timestamp,
 * partition, place in its batch) and the future {@code send()} returns, in one object. The engine completes it
 * exactly once, on the completion thread, through {@link #succeeded} or {@link #failed}; what the future holds is up
 * to the subclass: Vltava's {@link RecordFuture} holds Vltava's {@code RecordMetadata}, the drop-in facade's holds the
 * official one, so that a record sent through the facade costs one object here, not two.
 *
 * @param <M> what the future completes with
 */
public abstract class PendingRecord<M> extends CompletableFuture<M> {
    // Every queued record holds one of these on the heap until its outcome (about 300,000 of them with a full 32 MiB
    // buffer.memory of 100 B records): 44 bytes of header and fields with compressed references, so a subclass's
    // first reference field fits the 48-byte object. A record's offset delta is its index in its batch (no field).
    final String topic;
    int serializedKeySize = -1;
    int serializedValueSize = -1;
    long timestamp;
    int partition = -1;

    // (opaque accesses, so that the compiler keeps a store of the value just loaded: see claimLineForCompletion)
    private static final VarHandle SERIALIZED_KEY_SIZE;

    static {
        try {
            SERIALIZED_KEY_SIZE = MethodHandles.lookup().findVarHandle(PendingRecord.class, "serializedKeySize",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected PendingRecord(String topic) {
        this.topic = topic;
    }

    /**
     * Completion thread, before completing a batch's records: stores to this object the value it already holds, next
     * to the future's result (in the same cache line, except when the object starts 48 bytes into a line), so that the
     * line comes over for writing now, together with the other records' (stores do not wait for their lines), and the
     * completion's compare-and-set finds it owned. Without it each record paid a cross-core transfer at its
     * compare-and-set, in turn, and the locked instructions after it (the callback's own, if any) waited for that
     * store: a record completed soon after it was sent is still in the sending thread's core (issue 16, session 16:
     * against a sink, the completion thread 0.118-0.155 -> 0.092-0.104 CPU-s/M in four alternating pairs). Only the
     * completion thread writes this field after {@link #bind}, so the store cannot lose anything. Returns the value
     * so that the load is kept.
     */
    final int claimLineForCompletion() {
        int v = (int) SERIALIZED_KEY_SIZE.getOpaque(this);
        SERIALIZED_KEY_SIZE.setOpaque(this, v);
        return v;
    }

    /**
     * Completion thread, before completing a batch's records: reads what completing this record will read first
     * besides this object (the caller's callback), so that those loads are issued together (see
     * {@code ProducerBatch.touchAll}). Returns a value derived from the loads so that they are kept.
     */
    protected int touchCallback() {
        return 0;
    }

    /** What {@code send()} learnt after serializing: the serialized sizes (-1 for null) and the record's timestamp. */
    public final void bind(int serializedKeySize, int serializedValueSize, long timestamp) {
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.timestamp = timestamp;
    }

    public final String topic() {
        return topic;
    }

    /** The partition the record was appended to (or was headed to when it failed), -1 if none. */
    public final int partition() {
        return partition;
    }

    public final int serializedKeySize() {
        return serializedKeySize;
    }

    public final int serializedValueSize() {
        return serializedValueSize;
    }

    /** The record's own timestamp (create time) as {@code send()} set it. */
    public final long timestamp() {
        return timestamp;
    }

    /**
     * The record is written: at {@code offset} (-1 if the broker did not say, as with acks=0) with
     * {@code timestamp} (the broker's log-append time, or the record's own). Runs the interceptors, the callback,
     * then completes; must contain whatever user code throws.
     */
    protected abstract void succeeded(long offset, long timestamp, AckListener ackListener);

    /** The record failed with {@code error} ({@link #partition()} says where it was headed). Same duties. */
    protected abstract void failed(Exception error, AckListener ackListener);

    /** Fails a record that never reached a batch (bad input discovered late, producer closed, metadata timeout). */
    public final void fail(Exception error, int knownPartition, AckListener ackListener) {
        this.partition = knownPartition;
        failed(error, ackListener);
    }

    /**
     * Waiting for a record that is not complete yet, on the completion thread (inside a callback), would wait for
     * itself forever: the record can only complete on that thread, after the callback returns. Say so instead.
     */
    public static void checkNotBlockingTheCompletionThread(Future<?> f) {
        if (!f.isDone() && Completions.onCompletionThread()) {
            throw new IllegalStateException("A callback (or interceptor) waited for the result of a record that is "
                    + "not complete yet. Callbacks run on the producer's completion thread, which is the thread that "
                    + "would complete that record, so the wait could never end (a deadlock). Chain work with "
                    + "thenAccept/whenComplete, or hand it to another thread, instead of calling get() or join() "
                    + "inside a callback.");
        }
    }

    @Override
    public final M get() throws InterruptedException, ExecutionException {
        checkNotBlockingTheCompletionThread(this);
        return super.get();
    }

    @Override
    public final M get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkNotBlockingTheCompletionThread(this);
        return super.get(timeout, unit);
    }

    @Override
    public final M join() {
        checkNotBlockingTheCompletionThread(this);
        return super.join();
    }
}
