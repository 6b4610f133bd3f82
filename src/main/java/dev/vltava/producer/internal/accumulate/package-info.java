/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Records between {@code send()} and the sender, and their outcomes on the way back.
 *
 * <ul>
 *   <li>{@link dev.vltava.producer.internal.accumulate.RecordAccumulator}: one
 *       {@link dev.vltava.producer.internal.accumulate.PartitionQueue} per partition, each under its own lock, of
 *       {@link dev.vltava.producer.internal.accumulate.ProducerBatch}es written straight into buffers from the pool
 *       (life cycle in {@link dev.vltava.producer.internal.accumulate.BatchState}); closed batches may be sealed early
 *       on the appending thread with a compressor borrowed from a {@code CompressorPool}. For the sender it works out
 *       which leaders have sendable batches, drains them, takes retries back and expires old batches.</li>
 *   <li>{@link dev.vltava.producer.internal.accumulate.WaitingRecords}: records whose topic or partition has no
 *       metadata yet, in send order per topic, counted against buffer.memory.</li>
 *   <li>{@link dev.vltava.producer.internal.accumulate.PendingRecord}: one record from {@code send()} to its outcome,
 *       which is also the future {@code send()} returns, with the check that refuses a blocking wait on it from the
 *       completion thread: {@link dev.vltava.producer.internal.accumulate.RecordFuture} for Vltava's API, the
 *       facade's own for the official one, sent through
 *       {@link dev.vltava.producer.internal.accumulate.PendingRecordSender}.</li>
 *   <li>{@link dev.vltava.producer.internal.accumulate.AckListener}: the interceptors' acknowledgement hook that a
 *       record's completion runs before its callback (on the thread of
 *       {@link dev.vltava.producer.internal.completion.Completions}).</li>
 * </ul>
 *
 * <p>For the sender it also keeps each partition's pipelining state (requests in flight, whether one succeeded since
 * the last retry or producer id; the limit itself comes from the sender, with idempotence from
 * {@code idempotence.Idempotence}) and the partition's order across retries and splits.
 * {@link dev.vltava.producer.internal.accumulate.ProducerBatch} carries its producer id, epoch, base sequence and
 * whether an earlier attempt may be in the log, and implements {@code idempotence.SequencedBatch}, through which the
 * idempotence rules read it; a split part takes over its parent's sequence numbers.
 *
 * <p>Sits below the sender: it knows neither the sender loop nor the network. It uses the idempotence rules (sequence
 * arithmetic and order), which know nothing of it.
 */
package dev.vltava.producer.internal.accumulate;
