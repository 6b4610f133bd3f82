/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Choosing a record's partition, and appending it there.
 *
 * <ul>
 *   <li>{@link dev.vltava.producer.internal.partition.Router}: explicit partition &gt; the user's partitioner &gt;
 *       murmur2 of the key &gt; sticky, then the append to the accumulator; for application threads and, as the
 *       sender's {@code send.RecordRouter}, for records that waited for metadata. Per topic and metadata snapshot it
 *       keeps a {@link dev.vltava.producer.internal.partition.TopicRoute} (partition count, partitions with a leader,
 *       cached queues, interned keys from {@code TopicPartitionCache}), so a send does one map look-up.</li>
 *   <li>The built-in partitioning: {@link dev.vltava.producer.internal.partition.DefaultPartitioning} with
 *       {@link dev.vltava.producer.internal.partition.Murmur2} (bit-identical to Kafka's default for keyed records)
 *       and {@link dev.vltava.producer.internal.partition.StickyPartitionTracker} (sticky and adaptive selection for
 *       unkeyed ones), avoiding the brokers in {@link dev.vltava.producer.internal.partition.UnavailableNodes}
 *       (partitioner.availability.timeout.ms).</li>
 * </ul>
 *
 * Sits above {@code send}, because {@code Router} implements {@code send.RecordRouter}, and below the engine root,
 * which builds the router; nothing below it (send, accumulate, network, idempotence) depends on it.
 */
package dev.vltava.producer.internal.partition;
