/**
 * Records between {@code send()} and the sender, and their outcomes on the way back.
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
 *   <li>{@link dev.vltava.producer.internal.accumulate.RecordFuture}: the future {@code send()} returns, and the check
 *       that refuses a blocking wait on it from the completion thread.</li>
 *   <li>{@link dev.vltava.producer.internal.accumulate.AckListener}: the interceptors' acknowledgement hook that a
 *       record's completion runs before its callback (on the thread of
 *       {@link dev.vltava.producer.internal.completion.Completions}).</li>
 * </ul>
 *
 * Sits below the sender: it knows neither the sender loop nor the network.
 */
package dev.vltava.producer.internal.accumulate;
