/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The idempotent producer's rules (KIP-98 sequence numbers, KIP-360 producer id reset), behind
 * {@link dev.vltava.producer.internal.idempotence.Idempotence}: the producer id and epoch
 * ({@link dev.vltava.producer.internal.idempotence.ProducerIdState}, private to this package) and when they are
 * reset; the sequence a batch is stamped with and the wrap past Integer.MAX_VALUE; how many requests a partition may
 * have in flight; what OUT_OF_ORDER_SEQUENCE_NUMBER and UNKNOWN_PRODUCER_ID mean; which batch must fail instead of
 * going again because it may already be in the log under an older id. It reads batches through
 * {@link dev.vltava.producer.internal.idempotence.SequencedBatch}, which the accumulator's batch implements, and
 * knows neither the accumulator, the sender nor the network. Sender thread only.
 *
 * <p>What stays elsewhere, and why:
 * <ul>
 *   <li>{@code send.ProducerIdManager} sends InitProducerId and hands the answer to {@code Idempotence}: it is a
 *       request over the network like a metadata request, and this package knows no network.</li>
 *   <li>The batch's own stamp (producer id, epoch, base sequence written into its header), its outcome-unknown flag,
 *       and a split part taking over its parent's sequence numbers live in {@code accumulate.ProducerBatch}: they are
 *       the batch's data, written where the batch is sealed.</li>
 *   <li>Per-partition pipelining state ({@code PartitionQueue.hadSuccess}, in-flight counts, put-back order, the
 *       reset of every partition's success when a new id comes) is kept by {@code accumulate.RecordAccumulator}
 *       under its queue locks on the drain path; this package gives only the limit
 *       ({@link dev.vltava.producer.internal.idempotence.Idempotence#maxInFlightPerPartition}).</li>
 *   <li>Looking for an earlier batch of the same partition walks the collections where they are (the in-flight
 *       batches in {@code send}, the retries at the head of a queue in {@code accumulate}) with
 *       {@link dev.vltava.producer.internal.idempotence.Idempotence#isEarlierOfSameProducer}.</li>
 *   <li>Which broker answers mean a batch may have been appended ({@code send.ErrorClassifier.mayHaveBeenWritten}),
 *       and that a disconnect or timeout leaves the outcome unknown, are decided where responses are read
 *       ({@code send}); what that means for a resend is decided here.</li>
 * </ul>
 */
package dev.vltava.producer.internal.idempotence;
