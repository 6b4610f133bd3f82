/**
 * Transactions (transactional.id): the state machine ({@link TransactionState}, one transition table), the
 * {@link TransactionManager} that runs it on the sender thread (coordinator lookup, InitProducerId, AddPartitionsToTxn
 * or transactions v2, AddOffsetsToTxn/TxnOffsetCommit, EndTxn), and {@link TransactionCalls}, through which
 * application threads hand it their calls and wait for the results. It reaches the sender's batches only through
 * {@link TransactionHost}, which the send package implements; the accumulator asks it through
 * {@link dev.vltava.producer.internal.accumulate.PartitionGate} before draining a partition.
 */
package dev.vltava.producer.internal.transaction;
