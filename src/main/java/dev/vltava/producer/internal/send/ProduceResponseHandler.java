package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.NetworkException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.network.RequestTimeoutException;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.ProduceResponse;
import java.nio.ByteBuffer;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of one ProduceRequest, batch by batch: complete, retry (after backoff, within delivery.timeout.ms and
 * retries), handle a sequence problem, or fail with a typed error. Sender thread only.
 */
final class ProduceResponseHandler implements ResponseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceResponseHandler.class);
    private final Sender sender;
    private final int nodeId;
    private final List<ProducerBatch> batches;
    private final long sentNs;
    private List<ProduceResponse.NodeEndpoint> nodeEndpoints = List.of();
    /** Set by the first outcome; any later one (say, a failure reported after {@link #abandon}) is ignored. */
    private boolean ended;

    ProduceResponseHandler(Sender sender, int nodeId, List<ProducerBatch> batches, long sentNs) {
        this.sender = sender;
        this.nodeId = nodeId;
        this.batches = batches;
        this.sentNs = sentNs;
    }

    @Override
    public void onResponse(ByteBuffer body, short version, long nowNs) {
        if (ended) {
            return;
        }
        if (body == null) { // acks=0: written is all we will ever know
            ended = true;
            sender.metrics.requestCompleted(nowNs - sentNs);
            for (ProducerBatch b : batches) {
                try {
                    succeed(b, -1L, -1L);
                } catch (Throwable t) { // never strand a batch: see abandonOne
                    abandonOne(b, t);
                }
            }
            return;
        }
        ProduceResponse response = ProduceResponse.parse(body, version); // throws before anything is settled
        ended = true;
        sender.metrics.requestCompleted(nowNs - sentNs);
        nodeEndpoints = response.nodeEndpoints() == null ? List.of() : response.nodeEndpoints();
        Map<TopicPartition, ProduceResponse.PartitionResponse> results = index(response);
        for (ProducerBatch b : batches) {
            try {
                ProduceResponse.PartitionResponse r = results.get(b.topicPartition);
                if (r == null) {
                    retryOrFail(b, new NetworkException("Broker " + nodeId + " answered the produce request without "
                            + "a result for " + b.topicPartition), true, nowNs);
                } else {
                    handle(b, r, nowNs);
                }
            } catch (Throwable t) { // one batch's outcome threw: fail it with the cause so it is never stranded
                abandonOne(b, t);
            }
        }
    }

    /**
     * The request could not be built or handed to the network (the sender caught {@code cause}): every batch that
     * was drained for it ends here, failed with the cause. Under idempotence their sequence numbers may be used
     * up, so the producer id is reset as when any idempotent batch fails.
     */
    void abandon(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        for (ProducerBatch b : batches) {
            abandonOne(b, cause);
        }
        if (sender.config.idempotent()) {
            sender.producerIdManager().requestReset("a produce request to broker " + nodeId + " could not be built: "
                    + cause);
        }
    }

    private void abandonOne(ProducerBatch b, Throwable cause) {
        LOG.error("a batch of {} for broker {} failed inside the producer", b.topicPartition, nodeId, cause);
        end(b, false);
        if (b.isDone()) {
            sender.accumulator.deallocate(b);
        } else {
            sender.failBatch(b, new VltavaException(VltavaException.Kind.FATAL, "The producer could not send a "
                    + "batch of " + b.topicPartition + " to broker " + nodeId + ": " + cause, cause), true);
        }
    }

    /** Fails every batch before a request exists (say, no common Produce version): no sequence was used up. */
    void failBeforeSending(VltavaException error) {
        ended = true;
        for (ProducerBatch b : batches) {
            try {
                fail(b, error);
            } catch (Throwable t) {
                abandonOne(b, t);
            }
        }
    }

    private Map<TopicPartition, ProduceResponse.PartitionResponse> index(ProduceResponse response) {
        Map<TopicPartition, ProduceResponse.PartitionResponse> out = new HashMap<>();
        Map<UUID, String> namesById = null;
        for (ProduceResponse.TopicResponse t : response.responses()) {
            String name = t.name();
            if (name == null || name.isEmpty()) {
                if (namesById == null) {
                    namesById = new HashMap<>();
                    for (TopicState s : sender.cluster().topics().values()) {
                        if (s.topicId() != null) {
                            namesById.put(s.topicId(), s.name());
                        }
                    }
                }
                name = namesById.get(t.topicId());
            }
            if (name == null) {
                continue;
            }
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                out.put(new TopicPartition(name, p.index()), p);
            }
        }
        return out;
    }

    private void handle(ProducerBatch b, ProduceResponse.PartitionResponse r, long nowNs) {
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
                boolean moved = applyLeaderHint(b, r);
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
            parts = sender.accumulator.splitAndReenqueue(b, nowNs);
        } catch (RuntimeException | Error e) {
            LOG.error("could not split the too large {}; failing it", b, e);
            parts = List.of();
        }
        if (parts.isEmpty()) {
            sender.failBatch(b, exception(b, code, r), true);
            return;
        }
        LOG.debug("{} ({} bytes) rejected as too large ({}): split into {} and {} records", b, b.sizeInBytes(), code,
                parts.get(0).recordCount(), parts.get(1).recordCount());
    }

    private boolean applyLeaderHint(ProducerBatch b, ProduceResponse.PartitionResponse r) {
        ProduceResponse.LeaderIdAndEpoch hint = r.currentLeader();
        if (hint == null || hint.leaderId() < 0) {
            return false;
        }
        List<BrokerAddress> endpoints = new ArrayList<>();
        for (ProduceResponse.NodeEndpoint e : nodeEndpoints) {
            endpoints.add(new BrokerAddress(e.nodeId(), e.host(), e.port(), e.rack()));
        }
        return sender.metadata.applyLeaderHint(b.topicPartition, hint.leaderId(), hint.leaderEpoch(), endpoints);
    }

    private VltavaException exception(ProducerBatch b, ErrorCode code, ProduceResponse.PartitionResponse r) {
        String msg = r.errorMessage();
        if ((msg == null || msg.isEmpty()) && r.recordErrors() != null && !r.recordErrors().isEmpty()) {
            msg = r.recordErrors().get(0).message();
        }
        return ErrorClassifier.exception(code, b.topicPartition.topic(), b.topicPartition.partition(),
                b.sizeInBytes(), b.uncompressedSizeInBytes(), b.recordCount(), msg);
    }

    /**
     * OUT_OF_ORDER_SEQUENCE_NUMBER / UNKNOWN_PRODUCER_ID. If an earlier batch of the partition is being retried,
     * this one failed only because of it: retry in order. Same when an earlier batch failed for good and a producer
     * id reset is pending. UNKNOWN_PRODUCER_ID means the broker lost our state
     * (retention removed it, KIP-360): take a new producer id and resend under it. A real gap fails the batch.
     */
    private void sequenceProblem(ProducerBatch b, ErrorCode code, ProduceResponse.PartitionResponse r, long nowNs) {
        VltavaException e = exception(b, code, r);
        if (b.producerId() != sender.producerId.producerId() || b.producerEpoch() != sender.producerId.epoch()
                || sender.inFlight.hasEarlierSequence(b) || earlierQueued(b)
                || sender.producerIdManager().resetPending()) {
            // An earlier batch is being retried, or failed and took its sequence numbers with it (a reset is on
            // its way): this one goes again, re-stamped under the new producer id if there is one by then.
            retryOrFail(b, e, false, nowNs);
            return;
        }
        if (code == ErrorCode.UNKNOWN_PRODUCER_ID) {
            sender.producerIdManager().requestReset("UNKNOWN_PRODUCER_ID on " + b.topicPartition);
            retryOrFail(b, e, false, nowNs);
            return;
        }
        sender.producerIdManager().requestReset("sequence gap on " + b.topicPartition);
        fail(b, e);
    }

    private boolean earlierQueued(ProducerBatch b) {
        // Batches put back for retry sit at the head of the partition queue; the sequence order is kept there.
        return sender.accumulator.hasRetryBefore(b);
    }

    @Override
    public void onFailure(Exception cause, long nowNs) {
        if (ended) {
            return;
        }
        ended = true;
        String what = cause instanceof RequestTimeoutException ? "request timed out" : "connection failed";
        for (ProducerBatch b : batches) {
            b.markOutcomeUnknown(); // it may have been written before the connection failed or the time ran out
            try {
                retryOrFail(b, new NetworkException("Produce request to broker " + nodeId + " failed (" + what + "): "
                        + cause.getMessage(), cause), true, nowNs);
            } catch (Throwable t) {
                abandonOne(b, t);
            }
        }
    }

    private void succeed(ProducerBatch b, long baseOffset, long logAppendTimeMs) {
        end(b, true);
        b.complete(baseOffset, logAppendTimeMs, sender.completions, sender.ackListener);
        sender.accumulator.deallocate(b);
    }

    private void fail(ProducerBatch b, Exception e) {
        end(b, false);
        sender.failBatch(b, e, true);
    }

    private void retryOrFail(ProducerBatch b, VltavaException e, boolean refreshMetadata, long nowNs) {
        retryOrFail(b, e, refreshMetadata, false, nowNs);
    }

    private void retryOrFail(ProducerBatch b, VltavaException e, boolean refreshMetadata, boolean noBackoff,
            long nowNs) {
        b.recordError(e);
        if (refreshMetadata) {
            sender.metadata.requestUpdate();
        }
        if (b.isDone()) { // expired while in flight: the request is over, so the buffer can go back now
            end(b, false);
            sender.accumulator.deallocate(b);
            return;
        }
        long retryAtNs = noBackoff ? nowNs : Deadlines.plusNs(nowNs, sender.backoff.delayNs(b.attempts()));
        if (b.attempts() > sender.config.retries()) {
            fail(b, e);
            return;
        }
        if (retryAtNs - b.createdNs() >= sender.deliveryTimeoutNs) {
            fail(b, Failures.deliveryTimeout(b, nowNs, sender.config.deliveryTimeoutMs()));
            return;
        }
        end(b, false);
        sender.metrics.recordsRetried(b.recordCount());
        sender.accumulator.reenqueue(b, retryAtNs);
    }

    /** The batch's request is over: once only, its partition's in-flight count goes down. */
    private void end(ProducerBatch b, boolean success) {
        if (sender.inFlight.remove(b)) {
            sender.accumulator.requestEnded(b, success);
        }
    }
}
