package dev.vltava.producer.internal.send;

import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.ProduceResponse;
import dev.vltava.producer.internal.time.Deadlines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one batch when its produce request ends: complete, retry (after backoff, within
 * delivery.timeout.ms and retries), split when too large, handle a sequence problem, or fail with a typed error.
 * One per sender, shared by the requests' {@link ProduceResponseHandler}s. Sender thread only.
 */
final class ProduceOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceOutcomes.class);

    private final SenderConfig config;
    private final long deliveryTimeoutNs;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final InFlightBatches inFlight;
    private final Idempotence idempotence;
    private final Backoff backoff;
    private final ProducerMetrics metrics;
    private final Completions completions;
    private final AckListener ackListener;
    private final BatchFailer failer;

    ProduceOutcomes(SenderConfig config, Metadata metadata, RecordAccumulator accumulator, InFlightBatches inFlight,
            Idempotence idempotence, Backoff backoff, ProducerMetrics metrics,
            Completions completions, AckListener ackListener, BatchFailer failer) {
        this.config = config;
        this.deliveryTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.inFlight = inFlight;
        this.idempotence = idempotence;
        this.backoff = backoff;
        this.metrics = metrics;
        this.completions = completions;
        this.ackListener = ackListener;
        this.failer = failer;
    }

    void requestCompleted(int nodeId, long latencyNs, int throttleTimeMs, long nowNs) {
        metrics.requestCompleted(nodeId, latencyNs, throttleTimeMs, nowNs);
    }

    ClusterSnapshot cluster() {
        return metadata.snapshot();
    }

    /** One batch's result in a produce response. */
    void handle(ProducerBatch b, ProduceResponse.PartitionResponse r, List<ProduceResponse.NodeEndpoint> nodeEndpoints,
            long nowNs) {
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        switch (ErrorClassifier.action(code)) {
            case SUCCESS -> succeed(b, r.baseOffset(), r.logAppendTimeMs());
            case RETRY -> {
                if (ErrorClassifier.mayHaveBeenWritten(code)) {
                    b.markOutcomeUnknown(); // e.g. NOT_ENOUGH_REPLICAS_AFTER_APPEND: the leader has it
                }
                retryOrFail(b, exception(b, code, r), false, nowNs);
            }
            case RETRY_REFRESH_METADATA -> {
                // With a new leader known (KIP-951), retry at once: the backoff is for waiting out trouble.
                boolean moved = applyLeaderHint(b, r, nodeEndpoints);
                retryOrFail(b, exception(b, code, r), !moved, moved, nowNs);
            }
            case SEQUENCE_PROBLEM -> sequenceProblem(b, code, r, nowNs);
            case FAIL -> {
                if (ErrorClassifier.isTooLarge(code) && b.recordCount() > 1 && !b.isDone()) {
                    split(b, code, r, nowNs);
                } else {
                    fail(b, exception(b, code, r));
                }
            }
        }
    }

    /**
     * The batch is too large for the topic: its records go again in two batches of half the size each (split again
     * if still too large), in its place and with its sequence numbers; a record too large on its own fails alone.
     */
    private void split(ProducerBatch b, ErrorCode code, ProduceResponse.PartitionResponse r, long nowNs) {
        end(b, false);
        List<ProducerBatch> parts;
        try {
            parts = accumulator.splitAndReenqueue(b, nowNs);
        } catch (RuntimeException | Error e) {
            LOG.error("could not split the too large {}; failing it", b, e);
            parts = List.of();
        }
        if (parts.isEmpty()) {
            failer.fail(b, exception(b, code, r), true);
            return;
        }
        metrics.batchSplit(b.topicPartition().topic(), b.topicPartition().partition(), b.recordCount(), nowNs);
        LOG.debug("{} ({} bytes) rejected as too large ({}): split into {} and {} records", b, b.sizeInBytes(), code,
                parts.get(0).recordCount(), parts.get(1).recordCount());
    }

    private boolean applyLeaderHint(ProducerBatch b, ProduceResponse.PartitionResponse r,
            List<ProduceResponse.NodeEndpoint> nodeEndpoints) {
        ProduceResponse.LeaderIdAndEpoch hint = r.currentLeader();
        if (hint == null || hint.leaderId() < 0) {
            return false;
        }
        List<BrokerAddress> endpoints = new ArrayList<>();
        for (ProduceResponse.NodeEndpoint e : nodeEndpoints) {
            endpoints.add(new BrokerAddress(e.nodeId(), e.host(), e.port(), e.rack()));
        }
        return metadata.applyLeaderHint(b.topicPartition, hint.leaderId(), hint.leaderEpoch(), endpoints);
    }

    private static VltavaException exception(ProducerBatch b, ErrorCode code, ProduceResponse.PartitionResponse r) {
        String msg = r.errorMessage();
        if ((msg == null || msg.isEmpty()) && r.recordErrors() != null && !r.recordErrors().isEmpty()) {
            msg = r.recordErrors().get(0).message();
        }
        return ErrorClassifier.exception(code, b.topicPartition.topic(), b.topicPartition.partition(),
                b.sizeInBytes(), b.uncompressedSizeInBytes(), b.recordCount(), msg);
    }

    /** OUT_OF_ORDER_SEQUENCE_NUMBER / UNKNOWN_PRODUCER_ID: retry or fail as {@link Idempotence} decides. */
    private void sequenceProblem(ProducerBatch b, ErrorCode code, ProduceResponse.PartitionResponse r, long nowNs) {
        VltavaException e = exception(b, code, r);
        // An earlier batch of the partition in flight, or put back for a retry (those sit at the head of the
        // partition queue, in sequence order).
        boolean earlierPending = inFlight.hasEarlierSequence(b) || accumulator.hasRetryBefore(b);
        if (idempotence.retryAfterSequenceError(b, code, earlierPending)) {
            retryOrFail(b, e, false, nowNs);
        } else {
            fail(b, e);
        }
    }

    void succeed(ProducerBatch b, long baseOffset, long logAppendTimeMs) {
        end(b, true);
        metrics.events().batchAcknowledged(b.topicPartition().topic(), b.topicPartition().partition(),
                b.recordCount(), baseOffset);
        b.complete(baseOffset, logAppendTimeMs, completions, ackListener);
        accumulator.deallocate(b);
    }

    void fail(ProducerBatch b, Exception e) {
        end(b, false);
        failer.fail(b, e, true);
    }

    void retryOrFail(ProducerBatch b, VltavaException e, boolean refreshMetadata, long nowNs) {
        retryOrFail(b, e, refreshMetadata, false, nowNs);
    }

    private void retryOrFail(ProducerBatch b, VltavaException e, boolean refreshMetadata, boolean noBackoff,
            long nowNs) {
        b.recordError(e);
        if (refreshMetadata) {
            metadata.requestUpdate();
        }
        if (b.isDone()) { // expired while in flight: the request is over, so the buffer can go back now
            end(b, false);
            accumulator.deallocate(b);
            return;
        }
        long retryAtNs = noBackoff ? nowNs : Deadlines.plusNs(nowNs, backoff.delayNs(b.attempts()));
        if (b.attempts() > config.retries()) {
            fail(b, e);
            return;
        }
        if (retryAtNs - b.createdNs() >= deliveryTimeoutNs) {
            metrics.events().batchExpired(b.topicPartition().topic(), b.topicPartition().partition(),
                    b.recordCount());
            fail(b, Failures.deliveryTimeout(b, nowNs, config.deliveryTimeoutMs()));
            return;
        }
        end(b, false);
        metrics.recordsRetried(b.topicPartition().topic(), b.recordCount(), nowNs);
        metrics.events().batchRetried(b.topicPartition().topic(), b.topicPartition().partition(), b.recordCount(),
                e.getMessage());
        accumulator.reenqueue(b, retryAtNs);
    }

    /**
     * The batch's request could not be built or its outcome threw (the sender caught {@code cause}): the batch ends
     * here, failed with the cause, so it is never stranded.
     */
    void abandon(ProducerBatch b, int nodeId, Throwable cause) {
        LOG.error("a batch of {} for broker {} failed inside the producer", b.topicPartition, nodeId, cause);
        end(b, false);
        if (b.isDone()) {
            accumulator.deallocate(b);
        } else {
            failer.fail(b, new VltavaException(VltavaException.Kind.FATAL, "The producer could not send a "
                    + "batch of " + b.topicPartition + " to broker " + nodeId + ": " + cause, cause), true);
        }
    }

    /** Under idempotence the abandoned request's sequence numbers may be used up: reset as when a batch fails. */
    void requestAbandoned(int nodeId, Throwable cause) {
        idempotence.onRequestAbandoned("a produce request to broker " + nodeId + " could not be built: " + cause);
    }

    /** The batch's request is over: once only, its partition's in-flight count goes down. */
    private void end(ProducerBatch b, boolean success) {
        if (inFlight.remove(b)) {
            accumulator.requestEnded(b, success);
        }
    }
}
