package dev.vltava.producer.internal.send;

import dev.vltava.producer.NetworkException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.network.RequestTimeoutException;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The end of one ProduceRequest: parses the response and hands each batch's result to {@link ProduceOutcomes}, or
 * ends every batch of the request when it failed, was abandoned, or could not be sent. Each batch ends exactly once,
 * even when its outcome throws. Sender thread only.
 */
final class ProduceResponseHandler implements ResponseHandler {
    private final ProduceOutcomes outcomes;
    private final int nodeId;
    private final List<ProducerBatch> batches;
    private final long sentNs;
    /** Set by the first outcome; any later one (say, a failure reported after {@link #abandon}) is ignored. */
    private boolean ended;

    ProduceResponseHandler(ProduceOutcomes outcomes, int nodeId, List<ProducerBatch> batches, long sentNs) {
        this.outcomes = outcomes;
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
            outcomes.requestCompleted(nodeId, nowNs - sentNs, 0, nowNs);
            for (ProducerBatch b : batches) {
                try {
                    outcomes.succeed(b, -1L, -1L);
                } catch (Throwable t) { // never strand a batch: see ProduceOutcomes.abandon
                    outcomes.abandon(b, nodeId, t);
                }
            }
            return;
        }
        ProduceResponse response = ProduceResponse.parse(body, version); // throws before anything is settled
        ended = true;
        outcomes.requestCompleted(nodeId, nowNs - sentNs, response.throttleTimeMs(), nowNs);
        List<ProduceResponse.NodeEndpoint> nodeEndpoints =
                response.nodeEndpoints() == null ? List.of() : response.nodeEndpoints();
        Map<TopicPartition, ProduceResponse.PartitionResponse> results = index(response);
        for (ProducerBatch b : batches) {
            try {
                ProduceResponse.PartitionResponse r = results.get(b.topicPartition);
                if (r == null) {
                    outcomes.retryOrFail(b, new NetworkException("Broker " + nodeId + " answered the produce request "
                            + "without a result for " + b.topicPartition), true, nowNs);
                } else {
                    outcomes.handle(b, r, nodeEndpoints, nowNs);
                }
            } catch (Throwable t) { // one batch's outcome threw: fail it with the cause so it is never stranded
                outcomes.abandon(b, nodeId, t);
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
            outcomes.abandon(b, nodeId, cause);
        }
        outcomes.requestAbandoned(nodeId, cause);
    }

    /** Fails every batch before a request exists (say, no common Produce version): no sequence was used up. */
    void failBeforeSending(VltavaException error) {
        ended = true;
        for (ProducerBatch b : batches) {
            try {
                outcomes.fail(b, error);
            } catch (Throwable t) {
                outcomes.abandon(b, nodeId, t);
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
                    for (TopicState s : outcomes.cluster().topics().values()) {
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
                outcomes.retryOrFail(b, new NetworkException("Produce request to broker " + nodeId + " failed ("
                        + what + "): " + cause.getMessage(), cause), true, nowNs);
            } catch (Throwable t) {
                outcomes.abandon(b, nodeId, t);
            }
        }
    }
}
