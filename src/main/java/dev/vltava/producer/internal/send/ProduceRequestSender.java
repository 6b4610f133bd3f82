package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthenticationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.AuthenticationFailedException;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.ProduceRequest;
import dev.vltava.producer.internal.protocol.UnsupportedVersionException;
import dev.vltava.producer.internal.transaction.TransactionManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

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

    private final SenderConfig config;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final BrokerClient client;
    private final InFlightBatches inFlight;
    private final Idempotence idempotence;
    private final ProducerMetrics metrics;
    private final ProduceOutcomes outcomes;
    private final BatchFailer failer;
    private final BatchCompressor compressor;
    /** A drained batch that {@link Idempotence#sendable} keeps back: it leaves flight and fails. */
    private final BiConsumer<ProducerBatch, Exception> failUnsendable;
    private final RecordAccumulator.InFlightPolicy policy;
    private final NodeLatencyTracker latency;
    private final AuthenticationFailureGate authFailures;
    /** The transaction manager when the producer is transactional (its batches are marked so), else null. */
    private final TransactionManager transactions;

    ProduceRequestSender(SenderConfig config, Metadata metadata, RecordAccumulator accumulator, BrokerClient client,
            InFlightBatches inFlight, Idempotence idempotence, ProducerMetrics metrics, ProduceOutcomes outcomes,
            BatchFailer failer, BatchCompressor compressor, RecordRouter router, AuthenticationFailureGate authFailures,
            TransactionManager transactions) {
        this.config = config;
        this.transactions = transactions;
        this.authFailures = authFailures;
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.client = client;
        this.inFlight = inFlight;
        this.idempotence = idempotence;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.failer = failer;
        this.compressor = compressor;
        this.failUnsendable = (b, error) -> {
            accumulator.requestEnded(b, false); // drain counted it in flight
            failer.fail(b, error, true);
        };
        this.latency = new NodeLatencyTracker(router.nodeAvailabilityTimeoutNs(), router::onUnavailableNodes);
        int maxPerPartition = config.maxInFlightPerConnection();
        if (idempotence.enabled()) {
            policy = (requests, hadSuccess) ->
                    requests < Idempotence.maxInFlightPerPartition(hadSuccess, maxPerPartition);
        } else {
            // Order without sequence numbers: a partition's first batch goes alone until it succeeds (a fresh topic's
            // first requests fail while later ones may already land), so does its first batch to a new leader (see
            // RecordAccumulator.drain), and after a retry one request at a time until the retried batches have
            // succeeded; pipelining up to max.in.flight otherwise.
            policy = (requests, hadSuccess) -> requests < (hadSuccess ? maxPerPartition : 1);
        }
    }

    /** Sends what is ready; returns nanoseconds until the next batch becomes sendable. */
    long sendReady(long nowNs) {
        ClusterSnapshot cluster = metadata.snapshot();
        RecordAccumulator.ReadyCheck ready = accumulator.ready(cluster, policy, nowNs);
        if (ready.unknownLeaders) {
            metadata.requestUpdate();
        }
        long next = ready.nextCheckDelayNs;
        for (int nodeId : ready.readyNodes) {
            boolean canTakeRequest = client.isReady(nodeId);
            if (latency.enabled()) {
                latency.onReady(nodeId, canTakeRequest, nowNs);
            }
            if (!canTakeRequest) {
                AuthenticationFailedException auth = authFailures.forNode(nodeId, nowNs);
                if (auth != null) {
                    // Retrying cannot help until someone fixes credentials or certificates: the records waiting on
                    // this node fail now (reconnects go on with backoff, for whatever is sent later).
                    AuthenticationException error = AuthenticationFailures.toPublic(auth);
                    for (ProducerBatch b : accumulator.drainQueued(cluster.partitionsLedBy(nodeId))) {
                        failer.fail(b, error, true);
                    }
                }
                BrokerAddress address = cluster.node(nodeId);
                if (address != null && !client.isConnectedOrConnecting(nodeId)) {
                    if (!client.connect(address, nowNs)) {
                        next = Math.min(next, client.reconnectDelayNs(nodeId, nowNs));
                    }
                }
                continue; // connecting, or max.in.flight reached: the network wakes us up
            }
            List<ProducerBatch> batches = accumulator.drain(cluster, nodeId,
                    config.maxRequestSizeBytes(), policy, nowNs);
            if (idempotence.enabled()) {
                batches = idempotence.sendable(batches, failUnsendable);
            }
            if (!batches.isEmpty()) {
                send(nodeId, batches, cluster, nowNs);
                next = 0; // more may be sendable to this node right away
            }
        }
        if (latency.enabled()) {
            latency.endPass(ready.readyNodes, client::isReady, nowNs);
        }
        return next;
    }

    /**
     * Every drained batch ends up in a request or is failed: if building the request throws (a codec exception,
     * an OutOfMemoryError while sealing, a bug), the batches are failed with that cause instead of being left in
     * no collection, where their futures would never complete and their partitions would stay blocked.
     */
    private void send(int nodeId, List<ProducerBatch> batches, ClusterSnapshot cluster, long nowNs) {
        ProduceResponseHandler handler = new ProduceResponseHandler(outcomes, nodeId, batches, nowNs);
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
            version = client.version(nodeId, ApiKey.PRODUCE);
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
            inFlight.add(b); // from here on the request's handler ends each batch exactly once
        }
        for (ProducerBatch b : batches) {
            stamp(b, nowNs);
            byTopic.computeIfAbsent(b.topicPartition.topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(b.topicPartition.partition(), b.wireBuffer()));
            records += b.recordCount();
            bytes += b.sizeInBytes();
        }
        for (String topic : byTopic.keySet()) {
            // The topic is in use (metadata.max.idle.ms): said here, once per topic and request, rather than by every
            // send(), which then reads no clock (issue 16). A record's topic is touched when its route is made.
            metadata.touch(topic, nowNs);
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
        String transactionalId = null;
        if (transactions != null) {
            transactionalId = config.transactionalId();
            version = transactions.produceVersion(version); // a transactions-v1 transaction stays below v12
            transactions.produceSent();
        }
        if (version < MIN_PRODUCE_VERSION
                || (config.compression() == CompressionType.ZSTD && version < MIN_ZSTD_VERSION)) {
            failUnsupported(handler, "Broker " + nodeId + " supports Produce only up to v" + version + ", too old for "
                    + (config.compression() == CompressionType.ZSTD ? "zstd (needs v7)"
                    : "record batch v2 (needs v3)") + ".");
            return;
        }
        ProduceRequest request = new ProduceRequest(transactionalId, config.acks(), config.requestTimeoutMs(), topics);
        metrics.requestSent(records, nowNs);
        boolean expectResponse = config.acks() != 0;
        client.send(nodeId, request, version, expectResponse, handler, nowNs);
    }

    private void stamp(ProducerBatch b, long nowNs) {
        boolean first = b.attempts() == 0;
        metrics.events().batchSent(b.topicPartition().topic(), b.topicPartition().partition(), b.recordCount(),
                b.sizeInBytes(), b.attempts() + 1);
        if (idempotence.enabled()) {
            b.prepareForSend(compressor, idempotence.producerId(), idempotence.epoch(), idempotence.sequenceFor(b),
                    transactions != null);
        } else {
            b.prepareForSend(compressor, -1L, (short) -1, -1);
        }
        if (first) {
            metrics.batchSent(b.topicPartition().topic(), b.recordCount(), b.sizeInBytes(),
                    b.uncompressedSizeInBytes(), nowNs - b.createdNs(), nowNs);
            metrics.batchRecordSize(b.maxRecordSizeInBytes(), nowNs);
        }
    }

    private void failUnsupported(ProduceResponseHandler handler, String message) {
        handler.failBeforeSending(new BrokerException(VltavaException.Kind.FATAL, UNSUPPORTED_VERSION.code(),
                UNSUPPORTED_VERSION.name(), message));
    }
}
