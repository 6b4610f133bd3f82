package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.InvalidProducerEpochException;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.TransactionAbortableException;
import dev.vltava.producer.TransactionAbortedException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.PartitionGate;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transactional producer's state machine ({@link TransactionState}) on the sender thread: takes the calls
 * application threads queued ({@link TransactionCalls}), finds the coordinators, gets the producer id and epoch
 * for the transactional id, enrolls partitions (transactions v1) before their first batch is drained, commits
 * offsets, and ends transactions once every record has its outcome. Every coordinator request goes one at a time;
 * coordinator moves and loads are retried with backoff for as long as the caller waits (and longer: a call that
 * timed out keeps running, and calling the same method again waits for its result).
 *
 * <p>Only the sender thread touches its fields, except {@link #state()} and {@link #lastError()} (volatile, read by
 * application threads on send) and the call queue.
 */
public final class TransactionManager implements PartitionGate {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    final String transactionalId;
    private final int transactionTimeoutMs;
    private final Idempotence idempotence;
    private final RecordAccumulator accumulator;
    private final Completions completions;
    private final CoordinatorRequests requests;
    private final ConcurrentLinkedQueue<TransactionCall> calls = new ConcurrentLinkedQueue<>();
    private TransactionHost host;

    private volatile TransactionState state = TransactionState.UNINITIALIZED;
    /** The failure behind ABORTABLE_ERROR or FATAL_ERROR; null otherwise. */
    private volatile VltavaException lastError;

    // ---- sender thread only
    /** The running initTransactions, commitTransaction or abortTransaction call (the state says which). */
    private TransactionCall current;
    /** The running sendOffsetsToTransaction call, and how far it got. */
    private TransactionCall offsets;
    private boolean offsetsAdded;
    /** Whether the current transaction uses transactions v2 (KIP-890): fixed when it begins. */
    private boolean v2;
    /** Whether the cluster offered transactions v2 when last asked (at init, and at each begin). */
    private boolean v2Available;
    /** Something was added to the transaction at the coordinator: ending it needs EndTxn. */
    private boolean started;
    /** ABORTING then INITIALIZING: the epoch is bumped after an abort (v1) because sequence numbers were lost. */
    private boolean bumpingEpoch;
    private final Set<TopicPartition> added = new HashSet<>();
    private final Set<TopicPartition> toAdd = new LinkedHashSet<>();

    public TransactionManager(String transactionalId, int transactionTimeoutMs, BrokerClient client, Metadata metadata,
            Idempotence idempotence, RecordAccumulator accumulator, Completions completions,
            IntToLongFunction backoffNs) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.idempotence = idempotence;
        this.accumulator = accumulator;
        this.completions = completions;
        this.requests = new CoordinatorRequests(transactionalId, client, metadata, backoffNs, this::onRequestFailed);
    }

    /** Wires the sender in; called once, before the sender loop starts. */
    public void attach(TransactionHost host) {
        this.host = host;
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** The current state; any thread. */
    public TransactionState state() {
        return state;
    }

    /** The failure behind ABORTABLE_ERROR or FATAL_ERROR, or null; any thread. */
    public VltavaException lastError() {
        return lastError;
    }

    /** Queues a call from an application thread; the caller wakes the sender. */
    void submit(TransactionCall call) {
        calls.add(call);
    }

    // ------------------------------------------------------------------------------------------------ the loop

    /**
     * One turn on the sender thread: takes the queued calls, then sends the next coordinator request the state
     * needs. Returns nanoseconds until it wants to run again (a response or a call wakes it sooner).
     */
    public long run(long nowNs) {
        TransactionCall c;
        while ((c = calls.poll()) != null) {
            accept(c);
        }
        TransactionState s = state;
        if (s == TransactionState.ABORTABLE_ERROR) {
            host.failUnsent(new TransactionAbortedException("The record was not sent: its transaction failed and "
                    + "can only be aborted (" + lastError.getMessage() + ").", lastError));
        } else if (s == TransactionState.ABORTING_TRANSACTION) {
            host.failUnsent(new TransactionAbortedException("The record was not sent: its transaction was aborted."));
        }
        long wait = requests.waitNs(nowNs);
        if (wait > 0) {
            return wait;
        }
        return switch (s) {
            case INITIALIZING -> requests.initProducerId(transactionTimeoutMs, bumpingEpoch, idempotence, nowNs,
                    this::onProducerId);
            case IN_TRANSACTION, COMMITTING_TRANSACTION -> inTransaction(s, nowNs);
            case ABORTING_TRANSACTION -> host.allRecordsDone() ? endTransaction(false, nowNs) : IDLE_NS;
            default -> IDLE_NS;
        };
    }

    private long inTransaction(TransactionState s, long nowNs) {
        if (!toAdd.isEmpty()) {
            List<TopicPartition> partitions = new ArrayList<>(toAdd);
            return requests.addPartitions(idempotence.producerId(), idempotence.epoch(), partitions, nowNs,
                    r -> onPartitionsAdded(partitions, r));
        }
        if (offsets != null) {
            if (!v2 && !offsetsAdded) {
                return requests.addOffsets(idempotence.producerId(), idempotence.epoch(), offsets.group.groupId(),
                        nowNs, this::onOffsetsAdded);
            }
            return requests.commitOffsets(idempotence.producerId(), idempotence.epoch(), offsets.group,
                    offsets.offsets, v2, nowNs, this::onOffsetsCommitted);
        }
        if (s == TransactionState.COMMITTING_TRANSACTION && host.allRecordsDone()) {
            return endTransaction(true, nowNs);
        }
        return IDLE_NS;
    }

    private long endTransaction(boolean commit, long nowNs) {
        if (!started) {
            transactionEnded(commit); // nothing reached the coordinator: nothing to end there
            return 0;
        }
        return requests.endTxn(idempotence.producerId(), idempotence.epoch(), commit, v2, nowNs,
                r -> onEndTxn(commit, r));
    }

    // ------------------------------------------------------------------------------------------ application calls

    private void accept(TransactionCall c) {
        TransactionState s = state;
        if (s == TransactionState.FATAL_ERROR) {
            fail(c, lastError);
            return;
        }
        switch (c.kind) {
            case INIT -> {
                if (s != TransactionState.UNINITIALIZED) {
                    fail(c, misuse(c, s, "initTransactions() may be called only once"));
                    return;
                }
                current = c;
                transition(TransactionState.INITIALIZING);
            }
            case BEGIN -> {
                if (s == TransactionState.ABORTABLE_ERROR) {
                    fail(c, abortFirst(c));
                    return;
                }
                if (s != TransactionState.READY) {
                    fail(c, misuse(c, s, s == TransactionState.UNINITIALIZED ? "call initTransactions() first"
                            : s == TransactionState.IN_TRANSACTION ? "a transaction is already open"
                            : "the last transaction is still ending"));
                    return;
                }
                v2 = v2Available = requests.transactionsV2Available(v2Available);
                started = false;
                added.clear();
                toAdd.clear();
                transition(TransactionState.IN_TRANSACTION);
                succeed(c);
            }
            case SEND_OFFSETS -> {
                if (s == TransactionState.ABORTABLE_ERROR) {
                    fail(c, abortFirst(c));
                } else if (s != TransactionState.IN_TRANSACTION) {
                    fail(c, misuse(c, s, "call beginTransaction() first"));
                } else if (offsets != null) {
                    fail(c, misuse(c, s, "another sendOffsetsToTransaction() is still running"));
                } else if (c.offsets.isEmpty()) {
                    succeed(c);
                } else {
                    offsets = c;
                    offsetsAdded = false;
                }
            }
            case COMMIT -> {
                if (s == TransactionState.ABORTABLE_ERROR) {
                    fail(c, abortFirst(c));
                    return;
                }
                if (s != TransactionState.IN_TRANSACTION) {
                    fail(c, misuse(c, s, s == TransactionState.READY || s == TransactionState.UNINITIALIZED
                            ? "no transaction is open (call beginTransaction() first)"
                            : "the transaction is already ending"));
                    return;
                }
                current = c;
                transition(TransactionState.COMMITTING_TRANSACTION);
                host.flushing(true);
            }
            case ABORT -> {
                if (s != TransactionState.IN_TRANSACTION && s != TransactionState.ABORTABLE_ERROR) {
                    fail(c, misuse(c, s, s == TransactionState.READY || s == TransactionState.UNINITIALIZED
                            ? "no transaction is open (call beginTransaction() first)"
                            : "the transaction is already ending"));
                    return;
                }
                current = c;
                if (offsets != null) {
                    fail(offsets, new TransactionAbortedException("The transaction was aborted before its offsets "
                            + "were committed."));
                    offsets = null;
                }
                toAdd.clear();
                transition(TransactionState.ABORTING_TRANSACTION);
            }
            default -> throw new IllegalStateException("unknown call " + c);
        }
    }

    private static IllegalStateException misuse(TransactionCall c, TransactionState s, String why) {
        return new IllegalStateException("Cannot call " + c + " in transaction state " + s + ": " + why + ".");
    }

    private VltavaException abortFirst(TransactionCall c) {
        return abortableCallError("Cannot call " + c + ": the current transaction failed and can only be aborted; "
                + "call abortTransaction() first. Cause: " + lastError.getMessage(), lastError);
    }

    /**
     * What a call refused because the transaction can only be aborted throws: TransactionAbortableException with
     * the cause, except when a leader refused the producer's epoch (the coordinator aborted the transaction, or a
     * newer producer took over): then InvalidProducerEpochException, the type KafkaProducer throws there too.
     */
    private static VltavaException abortableCallError(String message, VltavaException cause) {
        if (cause instanceof InvalidProducerEpochException) {
            return new InvalidProducerEpochException(message);
        }
        return new TransactionAbortableException(message, cause);
    }

    // ------------------------------------------------------------------------------------------------- the gate

    /**
     * Sender thread: whether a partition's batches may be drained now. In a transactions-v1 transaction a partition
     * must be enrolled first (this asks for it and says no until then); in v2 the Produce request enrolls it. Nothing
     * is drained between transactions or while one is being aborted.
     */
    @Override
    public boolean mayDrain(TopicPartition tp) {
        if (!state.drainsBatches()) {
            return false;
        }
        if (v2) {
            return true;
        }
        if (added.contains(tp)) {
            return true;
        }
        toAdd.add(tp);
        return false;
    }

    /**
     * A Produce request of the transaction is going out (sender thread): under transactions v2 it enrolls its
     * partitions, so the transaction now exists at the coordinator and must be ended with EndTxn.
     */
    public void produceSent() {
        started = true;
    }

    /**
     * The Produce version to use given the one both sides support: v12+ adds partitions to a transaction
     * implicitly (KIP-890), which only a v2 transaction may do, so v1 caps at v11.
     */
    public short produceVersion(short usable) {
        return v2 ? usable : (short) Math.min(usable, 11);
    }

    /** Produce requests may go out: a producer id is held and a transaction is open or committing. */
    public boolean mayProduce() {
        return idempotence.hasProducerId() && state.drainsBatches();
    }

    // ------------------------------------------------------------------------------------------------ outcomes

    /**
     * A record of the producer failed for good (sender thread). Inside a transaction that makes it abortable; a
     * fencing or an authorization failure of the transactional id is fatal. Records failed by the transaction's own
     * abort, or by close, change nothing.
     */
    public void recordFailed(Exception error) {
        TransactionState s = state;
        if (s != TransactionState.IN_TRANSACTION && s != TransactionState.COMMITTING_TRANSACTION) {
            return;
        }
        if (error instanceof TransactionAbortedException || error instanceof ProducerClosedException) {
            return;
        }
        if (error instanceof ProducerFencedException f) {
            fatal(f);
        } else if (error instanceof AuthorizationException a
                && a.resourceType() == AuthorizationException.ResourceType.TRANSACTIONAL_ID) {
            fatal(a);
        } else {
            abortable(error instanceof VltavaException v ? v : new TransactionAbortableException("A record of the "
                    + "transaction failed: " + error, error));
        }
    }

    private void onProducerId(CoordinatorRequests.Result r) {
        switch (TransactionErrors.action(r.code())) {
            case NONE -> {
                idempotence.producerIdGranted(r.producerId(), r.epoch());
                accumulator.resetPartitionSuccess();
                v2Available = requests.transactionsV2Available(v2Available);
                LOG.info("transactional.id {}: producer id {} epoch {}{}", transactionalId, r.producerId(), r.epoch(),
                        v2Available ? " (transactions v2)" : "");
                bumpingEpoch = false;
                transition(TransactionState.READY);
                succeed(current);
            }
            case RETRY, FIND_COORDINATOR -> { } // CoordinatorRequests scheduled the retry
            default -> fatal(TransactionErrors.exception(r.code(), "InitProducerId", transactionalId, null,
                    r.message()));
        }
    }

    private void onPartitionsAdded(List<TopicPartition> partitions, CoordinatorRequests.Result r) {
        ErrorCode worst = r.code();
        List<TopicPartition> failed = r.failed();
        if (!state.drainsBatches()) {
            return; // aborted meanwhile
        }
        for (TopicPartition tp : partitions) {
            if (!failed.contains(tp)) {
                added.add(tp);
                toAdd.remove(tp);
                started = true;
            }
        }
        switch (TransactionErrors.action(worst)) {
            case NONE, RETRY, FIND_COORDINATOR -> { }
            case ABORTABLE -> abortable(TransactionErrors.exception(worst, "AddPartitionsToTxn", transactionalId,
                    r.resource(), r.message()));
            case FATAL -> fatal(TransactionErrors.exception(worst, "AddPartitionsToTxn", transactionalId,
                    r.resource(), r.message()));
            default -> throw new IllegalStateException(worst.name());
        }
    }

    private void onOffsetsAdded(CoordinatorRequests.Result r) {
        if (offsets == null) {
            return;
        }
        ErrorCode code = r.code();
        String message = r.message();
        switch (TransactionErrors.action(code)) {
            case NONE -> {
                offsetsAdded = true;
                started = true;
            }
            case RETRY, FIND_COORDINATOR -> { }
            case ABORTABLE -> abortable(TransactionErrors.exception(code, "AddOffsetsToTxn", transactionalId,
                    "group " + offsets.group.groupId(), message));
            default -> fatal(TransactionErrors.exception(code, "AddOffsetsToTxn", transactionalId,
                    "group " + offsets.group.groupId(), message));
        }
    }

    private void onOffsetsCommitted(CoordinatorRequests.Result r) {
        if (offsets == null) {
            return;
        }
        ErrorCode worst = r.code();
        String resource = r.resource() != null ? r.resource() : "group " + offsets.group.groupId();
        String message = r.message();
        switch (TransactionErrors.action(worst)) {
            case NONE -> {
                started = true;
                TransactionCall c = offsets;
                offsets = null;
                succeed(c);
            }
            case RETRY, FIND_COORDINATOR -> { }
            case ABORTABLE -> abortable(TransactionErrors.exception(worst, "TxnOffsetCommit", transactionalId,
                    resource, message));
            default -> fatal(TransactionErrors.exception(worst, "TxnOffsetCommit", transactionalId, resource,
                    message));
        }
    }

    private void onEndTxn(boolean commit, CoordinatorRequests.Result r) {
        ErrorCode code = r.code();
        String message = r.message();
        switch (TransactionErrors.action(code)) {
            case NONE -> {
                if (v2 && r.producerId() >= 0) {
                    // KIP-890: the coordinator bumped the epoch (or gave a new id when the epoch ran out). With the
                    // same id, the partitions this transaction wrote go on pipelining in the next one: waiting for
                    // a first success per partition in every transaction costs a round trip per transaction.
                    boolean sameId = r.producerId() == idempotence.producerId();
                    idempotence.producerIdGranted(r.producerId(), r.epoch());
                    if (sameId) {
                        accumulator.carryPartitionSuccessToNextEpoch();
                    } else {
                        accumulator.resetPartitionSuccess();
                    }
                }
                transactionEnded(commit);
            }
            case RETRY, FIND_COORDINATOR -> { }
            case ABORTABLE -> {
                if (commit) {
                    abortable(TransactionErrors.exception(code, "EndTxn(commit)", transactionalId, null, message));
                } else {
                    fatal(TransactionErrors.exception(code, "EndTxn(abort)", transactionalId, null, message));
                }
            }
            default -> fatal(TransactionErrors.exception(code, commit ? "EndTxn(commit)" : "EndTxn(abort)",
                    transactionalId, null, message));
        }
    }

    private void transactionEnded(boolean commit) {
        if (commit) {
            host.flushing(false);
        }
        added.clear();
        toAdd.clear();
        started = false;
        if (!commit && !v2 && idempotence.resetPending()) {
            // A batch failed after taking sequence numbers: the partitions' sequences are broken under this epoch.
            // Bump it (InitProducerId with the current id and epoch) before the next transaction.
            bumpingEpoch = true;
            transition(TransactionState.INITIALIZING);
            return;
        }
        transition(TransactionState.READY);
        succeed(current);
    }

    /** A request to a coordinator failed without an answer (disconnect, timeout): retried by CoordinatorRequests. */
    private void onRequestFailed(Exception cause) {
        LOG.debug("transactional.id {}: coordinator request failed, retrying: {}", transactionalId, cause.toString());
    }

    private void abortable(VltavaException error) {
        TransactionState s = state;
        if (!s.canTransitionTo(TransactionState.ABORTABLE_ERROR)) {
            return;
        }
        LOG.warn("transactional.id {}: the transaction can only be aborted now: {}", transactionalId,
                error.getMessage());
        lastError = error;
        transition(TransactionState.ABORTABLE_ERROR);
        toAdd.clear();
        if (s == TransactionState.COMMITTING_TRANSACTION) {
            host.flushing(false);
            fail(current, abortableCallError("The transaction could not be committed and can only be aborted: "
                    + error.getMessage(), error));
            current = null;
        }
        if (offsets != null) {
            fail(offsets, new TransactionAbortableException("The offsets were not committed; the transaction can "
                    + "only be aborted: " + error.getMessage(), error));
            offsets = null;
        }
    }

    private void fatal(VltavaException error) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        lastError = error;
        if (state == TransactionState.COMMITTING_TRANSACTION) {
            host.flushing(false);
        }
        transition(TransactionState.FATAL_ERROR);
        host.fatal(error);
        fail(current, error);
        current = null;
        fail(offsets, error);
        offsets = null;
        TransactionCall c;
        while ((c = calls.poll()) != null) {
            fail(c, error);
        }
    }

    private void transition(TransactionState target) {
        TransactionState from = state;
        state = from.checkTransitionTo(target);
        LOG.debug("transactional.id {}: {} -> {}", transactionalId, from, target);
    }

    /**
     * Completes a call through the completion thread: it runs after every record callback queued before it, so
     * when commitTransaction() returns, the callbacks of the transaction's records have run.
     */
    private void succeed(TransactionCall c) {
        if (c != null) {
            completions.submit(() -> c.result.complete(null));
        }
        if (c == current) {
            current = null;
        }
    }

    private void fail(TransactionCall c, Exception e) {
        if (c != null) {
            completions.submit(() -> c.result.completeExceptionally(e));
        }
    }

    /**
     * The producer is closing (sender thread, last turn): calls still waiting fail with {@code error} (records are
     * failed by the sender). An open transaction is left to the coordinator, which aborts it after
     * transaction.timeout.ms (or when the next producer with this transactional id initializes).
     */
    public void close(Exception error) {
        fail(current, error);
        current = null;
        fail(offsets, error);
        offsets = null;
        TransactionCall c;
        while ((c = calls.poll()) != null) {
            fail(c, error);
        }
    }
}
