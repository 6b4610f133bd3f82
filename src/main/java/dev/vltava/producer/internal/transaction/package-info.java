/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Transactions (transactional.id): the state machine ({@link TransactionState}, one transition table), the
 * {@link TransactionManager} that runs it on the sender thread (coordinator lookup, InitProducerId, AddPartitionsToTxn
 * or transactions v2, AddOffsetsToTxn/TxnOffsetCommit, EndTxn), and {@link TransactionCalls}, through which
 * application threads hand it their calls and wait for the results. It reaches the sender's batches only through
 * {@link TransactionHost}, which the send package implements; the accumulator asks it through
 * {@link dev.vltava.producer.internal.accumulate.PartitionGate} before draining a partition.
 */
package dev.vltava.producer.internal.transaction;
