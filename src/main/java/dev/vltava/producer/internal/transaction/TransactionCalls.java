package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.InterruptException;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.TopicPartition;
import dev.vltava.producer.TransactionAbortableException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.metrics.ProducerMetrics.TxnOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The application threads' side of the transactional API: each call is queued for the sender thread, which runs
 * it on the {@link TransactionManager}, and the caller waits for its result (at most the timeout it gives). A call
 * that times out goes on; its result is kept, and calling the same method again waits for that result instead of
 * starting anew, while calling another transactional method first is refused (it would act on a state the caller
 * has not seen yet). Thread-safe.
 */
public final class TransactionCalls {
    private final TransactionManager manager;
    private final Runnable wakeup;
    /** Where the time callers spent blocked goes (txn-*-time-ns-total); null: not measured. */
    private final ProducerMetrics metrics;
    private final LongSupplier clock;
    /** A call that timed out and whose result nobody has collected yet; guarded by this. */
    private TransactionCall pending;

    public TransactionCalls(TransactionManager manager, Runnable wakeup) {
        this(manager, wakeup, null, System::nanoTime);
    }

    /**
     * With the txn-*-time-ns-total metrics: each blocking call that returns normally adds the nanoseconds (of
     * {@code clock}) its caller was blocked, as KafkaProducer measures them (a call that throws adds nothing).
     */
    public TransactionCalls(TransactionManager manager, Runnable wakeup, ProducerMetrics metrics, LongSupplier clock) {
        this.manager = manager;
        this.wakeup = wakeup;
        this.metrics = metrics;
        this.clock = clock;
    }

    public String transactionalId() {
        return manager.transactionalId;
    }

    public void initTransactions(long timeoutMs) {
        long startNs = clock.getAsLong();
        await(start(TransactionCall.Kind.INIT, null, null), timeoutMs);
        blocked(TxnOperation.INIT, startNs);
    }

    public void beginTransaction(long timeoutMs) {
        long startNs = clock.getAsLong();
        await(start(TransactionCall.Kind.BEGIN, null, null), timeoutMs);
        blocked(TxnOperation.BEGIN, startNs);
    }

    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
            long timeoutMs) {
        Objects.requireNonNull(offsets, "offsets must not be null");
        Objects.requireNonNull(group, "groupMetadata must not be null");
        long startNs = clock.getAsLong();
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>(offsets);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : copy.entrySet()) {
            Objects.requireNonNull(e.getKey(), "offsets must not contain a null partition");
            Objects.requireNonNull(e.getValue(), "offsets must not contain a null offset (partition " + e.getKey()
                    + ")");
        }
        await(start(TransactionCall.Kind.SEND_OFFSETS, copy, group), timeoutMs);
        blocked(TxnOperation.SEND_OFFSETS, startNs);
    }

    public void commitTransaction(long timeoutMs) {
        long startNs = clock.getAsLong();
        await(start(TransactionCall.Kind.COMMIT, null, null), timeoutMs);
        blocked(TxnOperation.COMMIT, startNs);
    }

    public void abortTransaction(long timeoutMs) {
        long startNs = clock.getAsLong();
        await(start(TransactionCall.Kind.ABORT, null, null), timeoutMs);
        blocked(TxnOperation.ABORT, startNs);
    }

    private void blocked(TxnOperation op, long startNs) {
        if (metrics != null) {
            long endNs = clock.getAsLong();
            metrics.txnTime(op, endNs - startNs, endNs);
        }
    }

    /** commitTransaction without waiting: the future completes (on the completion thread) with its outcome. */
    public CompletableFuture<Void> commitTransactionAsync() {
        return async(start(TransactionCall.Kind.COMMIT, null, null));
    }

    /** abortTransaction without waiting. */
    public CompletableFuture<Void> abortTransactionAsync() {
        return async(start(TransactionCall.Kind.ABORT, null, null));
    }

    /**
     * Called by send() before a record is accepted: null when a transaction is open; otherwise the failure the
     * record gets (the transaction can only be aborted, or the producer hit a fatal error). Throws
     * {@link IllegalStateException} when no transaction is open (as KafkaProducer does). One volatile read when a
     * transaction is open.
     */
    public VltavaException checkSend() {
        TransactionState s = manager.state();
        if (s == TransactionState.IN_TRANSACTION) {
            return null;
        }
        if (s == TransactionState.ABORTABLE_ERROR) {
            VltavaException cause = manager.lastError();
            return new TransactionAbortableException("Cannot send in this transaction: it failed and can only be "
                    + "aborted; call abortTransaction(). Cause: " + cause.getMessage(), cause);
        }
        if (s == TransactionState.FATAL_ERROR) {
            return manager.lastError();
        }
        throw new IllegalStateException("Cannot send with transactional.id " + manager.transactionalId
                + " in transaction state " + s + ": " + (s == TransactionState.UNINITIALIZED
                ? "call initTransactions() first, then beginTransaction()."
                : s == TransactionState.READY ? "call beginTransaction() first."
                : "the transaction is ending; call beginTransaction() for a new one."));
    }

    /** The current state (for tests and diagnostics). */
    public TransactionState state() {
        return manager.state();
    }

    private TransactionCall start(TransactionCall.Kind kind, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        TransactionCall c;
        synchronized (this) {
            if (pending != null) {
                if (pending.kind == kind) {
                    return pending; // the earlier call timed out: wait for its result
                }
                throw new IllegalStateException("Cannot call " + kind.method + "(): the previous "
                        + pending.kind.method + "() timed out and its result has not been collected; call "
                        + pending.kind.method + "() again first.");
            }
            c = kind == TransactionCall.Kind.SEND_OFFSETS
                    ? new TransactionCall(kind, offsets, group) : new TransactionCall(kind);
            pending = c;
            manager.submit(c);
        }
        wakeup.run();
        return c; // never re-read pending: another caller may have collected this call meanwhile
    }

    private synchronized void collected(TransactionCall c) {
        if (pending == c) {
            pending = null;
        }
    }

    private CompletableFuture<Void> async(TransactionCall c) {
        collected(c); // an async caller collects the result through the future
        return c.result.copy();
    }

    private void await(TransactionCall c, long timeoutMs) {
        try {
            c.result.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(TimeoutException.What.TRANSACTION, c + " did not finish within " + timeoutMs
                    + " ms (max.block.ms or the timeout given). It goes on in the background; call " + c
                    + " again to wait for its result.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for " + c, e);
        } catch (ExecutionException e) {
            collected(c);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c + " failed: " + cause, cause);
        }
        collected(c);
    }
}
