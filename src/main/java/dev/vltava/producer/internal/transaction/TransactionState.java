package dev.vltava.producer.internal.transaction;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a transactional producer, and the one table of the transitions between them. Every change of
 * state goes through {@link #checkTransitionTo}; nothing else decides whether a move is allowed.
 *
 * <pre>
 * UNINITIALIZED --initTransactions--> INITIALIZING --producer id--> READY --beginTransaction--> IN_TRANSACTION
 * IN_TRANSACTION --commit--> COMMITTING_TRANSACTION --EndTxn--> READY
 * IN_TRANSACTION | ABORTABLE_ERROR --abort--> ABORTING_TRANSACTION --EndTxn--> READY
 *                                                                  (or INITIALIZING to bump the epoch, then READY)
 * IN_TRANSACTION | COMMITTING_TRANSACTION --a record or offset commit failed--> ABORTABLE_ERROR
 * any state but FATAL_ERROR --fenced, not authorized, ...--> FATAL_ERROR (final)
 * </pre>
 */
public enum TransactionState {
    /** Created with a transactional id; {@code initTransactions()} not called yet. */
    UNINITIALIZED,
    /** Finding the coordinator and getting the producer id and epoch (also when bumping the epoch after an abort). */
    INITIALIZING,
    /** Between transactions. */
    READY,
    /** {@code beginTransaction()} called: records and offsets go into the transaction. */
    IN_TRANSACTION,
    /** {@code commitTransaction()} called: flushing, then EndTxn(commit). */
    COMMITTING_TRANSACTION,
    /** {@code abortTransaction()} called: unsent records fail, in-flight ones end, then EndTxn(abort). */
    ABORTING_TRANSACTION,
    /** Something in the transaction failed: it can only be aborted. */
    ABORTABLE_ERROR,
    /** The producer cannot go on (fenced, not authorized, ...): only close() is left. */
    FATAL_ERROR;

    private static final Map<TransactionState, Set<TransactionState>> ALLOWED = table();

    private static Map<TransactionState, Set<TransactionState>> table() {
        Map<TransactionState, Set<TransactionState>> t = new EnumMap<>(TransactionState.class);
        t.put(UNINITIALIZED, EnumSet.of(INITIALIZING, FATAL_ERROR));
        t.put(INITIALIZING, EnumSet.of(READY, FATAL_ERROR));
        t.put(READY, EnumSet.of(IN_TRANSACTION, FATAL_ERROR));
        t.put(IN_TRANSACTION, EnumSet.of(COMMITTING_TRANSACTION, ABORTING_TRANSACTION, ABORTABLE_ERROR, FATAL_ERROR));
        t.put(COMMITTING_TRANSACTION, EnumSet.of(READY, ABORTABLE_ERROR, FATAL_ERROR));
        t.put(ABORTING_TRANSACTION, EnumSet.of(READY, INITIALIZING, FATAL_ERROR));
        t.put(ABORTABLE_ERROR, EnumSet.of(ABORTING_TRANSACTION, FATAL_ERROR));
        t.put(FATAL_ERROR, EnumSet.noneOf(TransactionState.class));
        return t;
    }

    /** Whether the table allows moving from this state to {@code target}. */
    public boolean canTransitionTo(TransactionState target) {
        return ALLOWED.get(this).contains(target);
    }

    /** Returns {@code target}, or throws {@link IllegalStateException} naming both states if the table forbids it. */
    public TransactionState checkTransitionTo(TransactionState target) {
        if (!canTransitionTo(target)) {
            throw new IllegalStateException("Invalid transaction state transition from " + this + " to " + target);
        }
        return target;
    }

    /** Records may be sent (and partitions added) in this state. */
    public boolean acceptsRecords() {
        return this == IN_TRANSACTION;
    }

    /** Batches already in the accumulator may be drained: the transaction is open or being committed. */
    public boolean drainsBatches() {
        return this == IN_TRANSACTION || this == COMMITTING_TRANSACTION;
    }
}
