package dev.vltava.producer.internal.send;

import dev.vltava.producer.BrokerException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.network.AuthenticationFailedException;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.ProduceRequest;
import dev.vltava.producer.internal.protocol.UnsupportedVersionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drains sendable batches per leader and writes them as ProduceRequests: seals and compresses each batch once,
 * stamps producer id, epoch and base sequence, and hands the batch buffers to the transport without copying.
 * Sender thread only.
 */
final class ProduceRequestSender {
    /** Produce v3 is the oldest with record batch v2; v7 is needed for zstd; v13 names topics by id. */
    private static final short MIN_PRODUCE_VERSION = 3;
    private static final short MIN_ZSTD_VERSION = 7;
    private static final short FIRST_TOPIC_ID_VERSION = 13;
    private static final ErrorCode UNSUPPORTED_VERSION = ErrorCode.UNSUPPORTED_VERSION;

    private final Sender sender;
    private final BatchCompressor compressor;
    private final RecordAccumulator.InFlightPolicy policy;
    private final NodeLatencyTracker latency;

    ProduceRequestSender(Sender sender, BatchCompressor compressor, RecordRouter router) {
        this.sender = sender;
        this.compressor = compressor;
        this.latency = new NodeLatencyTracker(router.nodeAvailabilityTimeoutNs(), router::onUnavailableNodes);
        int maxPerPartition = sender.config.maxInFlightPerConnection();
        if (sender.config.idempotent()) {
            // The broker accepts any sequence on the first request of a producer id/epoch, so pipelining on a
            // partition starts only after a first success there (it keeps the last 5 batches, hence <= 5).
            int limit = Math.min(5, maxPerPartition);
            policy = (inFlight, hadSuccess) -> inFlight < (hadSuccess ? limit : 1);
        } else {
            // Order without sequence numbers: a partition's first batch goes alone until it succeeds (a fresh topic's
            // first requests fail while later ones may already land), and after a retry one request at a time until
            // the retried batches have succeeded; pipelining up to max.in.flight otherwise.
            policy = (inFlight, hadSuccess) -> inFlight < (hadSuccess ? maxPerPartition : 1);
        }
    }

    /** Sends what is ready; returns nanoseconds until the next batch becomes sendable. */
    long sendReady(long nowNs) {
        ClusterSnapshot cluster = sender.cluster();
        RecordAccumulator.ReadyCheck ready = sender.accumulator.ready(cluster, policy, nowNs);
        if (ready.unknownLeaders) {
            sender.metadata.requestUpdate();
        }
        long next = ready.nextCheckDelayNs;
        for (int nodeId : ready.readyNodes) {
            boolean canTakeRequest = sender.client.isReady(nodeId);
            if (latency.enabled()) {
                latency.onReady(nodeId, canTakeRequest, nowNs);
            }
            if (!canTakeRequest) {
                AuthenticationFailedException auth = sender.authFailures.forNode(sender.client, nodeId, nowNs);
                if (auth != null) {
                    // Retrying cannot help until someone fixes credentials or certificates: the records waiting on
                    // this node fail now (reconnects go on with backoff, for whatever is sent later).
                    sender.failQueuedBatches(cluster.partitionsLedBy(nodeId), AuthenticationFailures.toPublic(auth));
                }
                BrokerAddress address = cluster.node(nodeId);
                if (address != null && !sender.client.isConnectedOrConnecting(nodeId)) {
                    if (!sender.client.connect(address, nowNs)) {
                        next = Math.min(next, sender.client.reconnectDelayNs(nodeId, nowNs));
                    }
                }
                continue; // connecting, or max.in.flight reached: the network wakes us up
            }
            List<ProducerBatch> batches = sender.accumulator.drain(cluster, nodeId,
                    sender.config.maxRequestSizeBytes(), policy, nowNs);
            if (sender.config.idempotent()) {
                batches = withoutPossiblyWrittenUnderAnOldId(batches, nowNs);
            }
            if (!batches.isEmpty()) {
                send(nodeId, batches, cluster, nowNs);
                next = 0; // more may be sendable to this node right away
            }
        }
        if (latency.enabled()) {
            latency.endPass(ready.readyNodes, sender.client::isReady, nowNs);
        }
        return next;
    }

    /**
     * A batch that may already be in the log under an earlier producer id or epoch (an attempt got no answer) and
     * would now be stamped under a new one (the id was reset meanwhile) fails instead of going again: the broker
     * could not recognise it as a duplicate, so it might be stored twice. Its outcome is unknown, as after a
     * timeout: it may or may not be in the log. Found by the deterministic simulation (a broker that lost the
     * producer's state answered UNKNOWN_PRODUCER_ID to the retry of a batch it had already written).
     */
    private List<ProducerBatch> withoutPossiblyWrittenUnderAnOldId(List<ProducerBatch> batches, long nowNs) {
        List<ProducerBatch> out = batches;
        for (int i = 0; i < batches.size(); i++) {
            ProducerBatch b = batches.get(i);
            if (b.outcomeUnknown() && b.producerId() >= 0 && (b.producerId() != sender.producerId.producerId()
                    || b.producerEpoch() != sender.producerId.epoch())) {
                if (out == batches) {
                    out = new ArrayList<>(batches.subList(0, i));
                }
                sender.accumulator.requestEnded(b, false); // drain counted it in flight
                sender.failBatch(b, new TimeoutException(TimeoutException.What.REQUEST, "A batch of "
                        + b.topicPartition + " may have been written under producer id " + b.producerId() + " epoch "
                        + b.producerEpoch() + " (an earlier attempt got no answer), and the producer id has been reset "
                        + "since: sending it again under the new id could store it twice, so it fails. It may or may "
                        + "not be in the log.", b.lastError()), true);
            } else if (out != batches) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Every drained batch ends up in a request or is failed: if building the request throws (a codec exception,
     * an OutOfMemoryError while sealing, a bug), the batches are failed with that cause instead of being left in
     * no collection, where their futures would never complete and their partitions would stay blocked.
     */
    private void send(int nodeId, List<ProducerBatch> batches, ClusterSnapshot cluster, long nowNs) {
        ProduceResponseHandler handler = new ProduceResponseHandler(sender, nodeId, batches, nowNs);
        try {
            buildAndSend(nodeId, batches, cluster, handler, nowNs);
        } catch (Throwable t) {
            handler.abandon(t);
        }
    }

    private void buildAndSend(int nodeId, List<ProducerBatch> batches, ClusterSnapshot cluster,
            ProduceResponseHandler handler, long nowNs) {
        short version;
        try {
            version = sender.client.version(nodeId, ApiKey.PRODUCE);
        } catch (UnsupportedVersionException e) {
            // No common Produce version: fail before stamping (no sequence is used up) and before the batches count
            // as in flight, so nothing waits for a request that will never exist.
            failUnsupported(handler, "Broker " + nodeId + ": " + e.getMessage() + ".");
            return;
        }
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        int records = 0;
        int bytes = 0;
        for (ProducerBatch b : batches) {
            sender.inFlight.add(b); // from here on the request's handler ends each batch exactly once
        }
        for (ProducerBatch b : batches) {
            stamp(b, nowNs);
            byTopic.computeIfAbsent(b.topicPartition.topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(b.topicPartition.partition(), b.wireBuffer()));
            records += b.recordCount();
            bytes += b.sizeInBytes();
        }
        boolean allIds = true;
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        for (Map.Entry<String, List<ProduceRequest.PartitionData>> e : byTopic.entrySet()) {
            TopicState t = cluster.topic(e.getKey());
            UUID id = t == null ? null : t.topicId();
            if (id == null || (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0)) {
                allIds = false;
            }
            topics.add(new ProduceRequest.TopicData(e.getKey(), id, e.getValue()));
        }
        if (!allIds && version >= FIRST_TOPIC_ID_VERSION) {
            version = FIRST_TOPIC_ID_VERSION - 1;
        }
        if (version < MIN_PRODUCE_VERSION
                || (sender.config.compression() == CompressionType.ZSTD && version < MIN_ZSTD_VERSION)) {
            failUnsupported(handler, "Broker " + nodeId + " supports Produce only up to v" + version + ", too old for "
                    + (sender.config.compression() == CompressionType.ZSTD ? "zstd (needs v7)"
                    : "record batch v2 (needs v3)") + ".");
            return;
        }
        ProduceRequest request = new ProduceRequest(null, sender.config.acks(), sender.config.requestTimeoutMs(), topics);
        sender.metrics.requestSent(records, bytes);
        boolean expectResponse = sender.config.acks() != 0;
        sender.client.send(nodeId, request, version, expectResponse, handler, nowNs);
    }

    private void stamp(ProducerBatch b, long nowNs) {
        boolean first = b.attempts() == 0;
        if (sender.config.idempotent()) {
            long pid = sender.producerId.producerId();
            short epoch = sender.producerId.epoch();
            int seq = b.baseSequence();
            if (seq < 0 || b.producerId() != pid || b.producerEpoch() != epoch) {
                seq = sender.producerId.takeSequence(b.topicPartition, b.recordCount());
            }
            b.prepareForSend(compressor, pid, epoch, seq);
        } else {
            b.prepareForSend(compressor, -1L, (short) -1, -1);
        }
        if (first) {
            sender.metrics.batchSent(b.recordCount(), b.sizeInBytes(), b.uncompressedSizeInBytes(),
                    nowNs - b.createdNs());
        }
    }

    private void failUnsupported(ProduceResponseHandler handler, String message) {
        handler.failBeforeSending(new BrokerException(VltavaException.Kind.FATAL, UNSUPPORTED_VERSION.code(),
                UNSUPPORTED_VERSION.name(), message));
    }
}
