/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The sender loop: one thread that owns all I/O. {@link dev.vltava.producer.internal.send.Sender} runs the loop and
 * builds its parts, giving each only the collaborators it uses (none of them holds the {@code Sender}):
 *
 * <ul>
 *   <li>{@code WaitingRecordMover}: records that waited for metadata go into the accumulator through a
 *       {@link dev.vltava.producer.internal.send.RecordRouter} (implemented by {@code partition.Router}: the sender
 *       defines what it needs and never sees the router), or time out.</li>
 *   <li>{@code MetadataUpdater} (Metadata requests), {@code ProducerIdManager} (InitProducerId; the rules it serves
 *       are in {@code idempotence}) and {@code TopicCompressionCheck} (the advisory compression.type look-up).</li>
 *   <li>{@code ProduceRequestSender}: drains ready batches per leader, seals, stamps and frames them as produce
 *       requests, with the in-flight limit per partition (with idempotence, {@code Idempotence}'s).</li>
 *   <li>{@code ProduceResponseHandler}, one per request, ends every batch of it exactly once;
 *       {@code ProduceOutcomes}, one per sender, decides each batch's outcome (complete, retry after
 *       {@link dev.vltava.producer.internal.send.Backoff}, split when too large, sequence problem, fail) with
 *       {@link dev.vltava.producer.internal.send.ErrorClassifier}'s reading of the broker's error code.</li>
 *   <li>{@code BatchFailer} fails batches and records (futures, buffer, the producer id reset idempotence asks for);
 *       {@code InFlightBatches} holds the batches inside requests; {@code FatalError} the error that stops the
 *       producer; {@code Failures} builds the delivery-timeout message; {@code NodeLatencyTracker} reports brokers
 *       that cannot take requests to the partitioner.</li>
 * </ul>
 *
 * Uses the accumulator, the network, metadata, idempotence, metrics and the building blocks; time comes from an
 * injected clock, so tests step the loop with a fake clock and transport. Knows neither the engine root nor the
 * partitioners.
 */
package dev.vltava.producer.internal.send;
