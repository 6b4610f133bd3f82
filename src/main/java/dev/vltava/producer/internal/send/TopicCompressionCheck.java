package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.DescribeConfigsRequest;
import dev.vltava.producer.internal.protocol.DescribeConfigsResponse;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per topic when the topic's {@code compression.type} on the broker is neither {@code producer} nor the
 * codec this producer uses: the broker then rewrites every batch we send in its own codec, which costs broker CPU
 * on every produce request (and whatever compression we did was wasted). Nothing else reveals this mismatch.
 *
 * <p>Each topic is looked up once, with DescribeConfigs, when it first appears in the metadata; a failed look-up is
 * retried once, an authorization error never. Purely advisory: it never delays, fails or reorders a send, and gives
 * up quietly (DEBUG) whenever the broker cannot or will not answer. Sender thread only; never blocks.
 */
final class TopicCompressionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCompressionCheck.class);

    static final String CONFIG_NAME = "compression.type";
    /** The broker-side value meaning "keep whatever codec the producer used". */
    static final String BROKER_KEEPS_PRODUCER_CODEC = "producer";
    /** The broker-side name of no compression (the producer calls it "none"). */
    static final String BROKER_UNCOMPRESSED = "uncompressed";

    /** First look-up plus at most one retry. */
    private static final int MAX_ATTEMPTS = 2;
    /** Topics asked about in one request; more wait for the next one. */
    private static final int MAX_TOPICS_PER_REQUEST = 50;
    private static final long NOTHING_TO_DO_NS = Long.MAX_VALUE;

    /** What to do with one topic's answer. */
    enum Verdict {
        /** Broker keeps our batches as they are: nothing to say. */
        MATCHES,
        /** Broker recompresses every batch: warn. */
        RECOMPRESSES,
        /** A transient failure: ask once more. */
        RETRY,
        /** No answer will come (not authorized, no such value, permanent error): stop asking. */
        GIVE_UP
    }

    private final Metadata metadata;
    private final BrokerClient client;
    private final Backoff backoff;
    private final CompressionType ours;
    /** Every topic ever queued: each is checked at most once for the life of the producer. */
    private final Set<String> queued = new HashSet<>();
    /** Topics waiting for a look-up, with the number of attempts already made. */
    private final Map<String, Integer> pending = new LinkedHashMap<>();
    private ClusterSnapshot lastSnapshot;
    private boolean inFlight;
    private long notBeforeNs;
    private int warnings;

    TopicCompressionCheck(Metadata metadata, BrokerClient client, Backoff backoff, CompressionType ours) {
        this.metadata = metadata;
        this.client = client;
        this.backoff = backoff;
        this.ours = ours;
    }

    /** Number of mismatch warnings logged so far (for tests). */
    int warningsLogged() {
        return warnings;
    }

    /** Queues topics new in the metadata and sends a look-up if one can go now; returns ns until it wants to run. */
    long maybeCheck(long nowNs) {
        ClusterSnapshot cluster = metadata.snapshot();
        if (cluster != lastSnapshot) {
            lastSnapshot = cluster;
            queueNewTopics(cluster);
        }
        if (pending.isEmpty() || inFlight) {
            return NOTHING_TO_DO_NS;
        }
        if (nowNs < notBeforeNs) {
            return notBeforeNs - nowNs;
        }
        sendLookUp(cluster, nowNs);
        return NOTHING_TO_DO_NS;
    }

    private void queueNewTopics(ClusterSnapshot cluster) {
        for (TopicState topic : cluster.topics().values()) {
            // a topic with an error (unknown yet, not authorized) is queued once it is known and usable
            if (topic.errorCode() == 0 && queued.add(topic.name())) {
                pending.put(topic.name(), 0);
            }
        }
    }

    private void sendLookUp(ClusterSnapshot cluster, long nowNs) {
        List<BrokerAddress> capable = new ArrayList<>();
        boolean anyReady = false;
        for (BrokerAddress node : cluster.nodes().values()) {
            if (client.isReady(node.nodeId())) {
                anyReady = true;
                if (client.supports(node.nodeId(), ApiKey.DESCRIBE_CONFIGS)) {
                    capable.add(node);
                }
            }
        }
        if (!anyReady) {
            return; // wait: the metadata updater and the produce path open connections, we only ride along
        }
        if (capable.isEmpty()) {
            LOG.debug("brokers do not support DescribeConfigs; not checking {} for topics {}", CONFIG_NAME,
                    pending.keySet());
            pending.clear();
            return;
        }
        BrokerAddress node = client.leastLoadedReady(capable);
        Map<String, Integer> batch = takeBatch();
        List<DescribeConfigsRequest.Resource> resources = new ArrayList<>(batch.size());
        for (String topic : batch.keySet()) {
            resources.add(new DescribeConfigsRequest.Resource(DescribeConfigsRequest.RESOURCE_TYPE_TOPIC, topic,
                    List.of(CONFIG_NAME)));
        }
        short version = client.version(node.nodeId(), ApiKey.DESCRIBE_CONFIGS);
        inFlight = true;
        client.send(node.nodeId(), new DescribeConfigsRequest(resources, false, false), version, true,
                new ResponseHandler() {
                    @Override
                    public void onResponse(ByteBuffer body, short v, long now) {
                        // parse first: if it throws, the client calls onFailure and nothing was half-applied
                        DescribeConfigsResponse response = DescribeConfigsResponse.parse(body, v);
                        inFlight = false;
                        for (Map.Entry<String, Integer> e : batch.entrySet()) {
                            handle(e.getKey(), e.getValue() + 1, response.resultFor(
                                    DescribeConfigsRequest.RESOURCE_TYPE_TOPIC, e.getKey()), now);
                        }
                    }

                    @Override
                    public void onFailure(Exception cause, long now) {
                        inFlight = false;
                        for (Map.Entry<String, Integer> e : batch.entrySet()) {
                            retryOnce(e.getKey(), e.getValue() + 1, node + ": " + cause.getMessage(), now);
                        }
                    }
                }, nowNs);
    }

    private Map<String, Integer> takeBatch() {
        Map<String, Integer> batch = new LinkedHashMap<>();
        Iterator<Map.Entry<String, Integer>> it = pending.entrySet().iterator();
        while (it.hasNext() && batch.size() < MAX_TOPICS_PER_REQUEST) {
            Map.Entry<String, Integer> e = it.next();
            batch.put(e.getKey(), e.getValue());
            it.remove();
        }
        return batch;
    }

    private void handle(String topic, int attempts, DescribeConfigsResponse.Result result, long nowNs) {
        switch (judge(result, ours)) {
            case MATCHES -> LOG.debug("topic {}: broker {}={} suits our {}", topic, CONFIG_NAME,
                    brokerValue(result), ours.configName());
            case RECOMPRESSES -> warn(topic, brokerValue(result));
            case RETRY -> retryOnce(topic, attempts, describe(result), nowNs);
            case GIVE_UP -> LOG.debug("topic {}: not checking {} ({})", topic, CONFIG_NAME, describe(result));
        }
    }

    private void retryOnce(String topic, int attempts, String why, long nowNs) {
        if (attempts >= MAX_ATTEMPTS) {
            LOG.debug("topic {}: giving up checking {} after {} attempts ({})", topic, CONFIG_NAME, attempts, why);
            return;
        }
        LOG.debug("topic {}: checking {} failed ({}); will ask once more", topic, CONFIG_NAME, why);
        pending.put(topic, attempts);
        notBeforeNs = Deadlines.plusNs(nowNs, backoff.delayNs(attempts));
    }

    private void warn(String topic, String brokerValue) {
        warnings++;
        LOG.warn("Topic '{}' has {}={} on the broker, but this producer uses {}={}: the broker recompresses every "
                        + "batch this producer sends to it, which costs broker CPU on every request. Set the topic's "
                        + "{} to '{}' (or to '{}'), or set the producer's {} to '{}'.",
                topic, CONFIG_NAME, brokerValue, CONFIG_NAME, ours.configName(), CONFIG_NAME,
                BROKER_KEEPS_PRODUCER_CODEC, brokerName(ours), CONFIG_NAME, producerName(brokerValue));
    }

    // ------------------------------------------------------------------------------------------------ decision

    /** The verdict for one topic's DescribeConfigs result ({@code null} if the broker did not answer for it). */
    static Verdict judge(DescribeConfigsResponse.Result result, CompressionType ours) {
        if (result == null) {
            return Verdict.RETRY;
        }
        ErrorCode error = ErrorCode.forCode(result.errorCode());
        if (error != ErrorCode.NONE) {
            boolean denied = error == ErrorCode.TOPIC_AUTHORIZATION_FAILED
                    || error == ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
            return error.retriable() && !denied ? Verdict.RETRY : Verdict.GIVE_UP;
        }
        String value = brokerValue(result);
        if (value == null) {
            return Verdict.GIVE_UP; // not listed, or hidden: nothing to compare
        }
        return brokerRecompresses(value, ours) ? Verdict.RECOMPRESSES : Verdict.MATCHES;
    }

    /** True unless the broker keeps the producer's codec or uses the very codec we use. */
    static boolean brokerRecompresses(String brokerValue, CompressionType ours) {
        String value = brokerValue.trim().toLowerCase(Locale.ROOT);
        return !value.equals(BROKER_KEEPS_PRODUCER_CODEC) && !value.equals(brokerName(ours))
                && !value.equals(ours.configName());
    }

    private static String brokerValue(DescribeConfigsResponse.Result result) {
        DescribeConfigsResponse.Config config = result == null ? null : result.config(CONFIG_NAME);
        return config == null ? null : config.value();
    }

    /** Our codec as the broker names it. */
    private static String brokerName(CompressionType type) {
        return type == CompressionType.NONE ? BROKER_UNCOMPRESSED : type.configName();
    }

    /** A broker codec name as the producer setting names it. */
    private static String producerName(String brokerValue) {
        String value = brokerValue.trim().toLowerCase(Locale.ROOT);
        return value.equals(BROKER_UNCOMPRESSED) ? CompressionType.NONE.configName() : value;
    }

    private static String describe(DescribeConfigsResponse.Result result) {
        if (result == null) {
            return "the broker did not answer for the topic";
        }
        ErrorCode error = ErrorCode.forCode(result.errorCode());
        if (error != ErrorCode.NONE) {
            return error.name() + (result.errorMessage() == null ? "" : ": " + result.errorMessage());
        }
        return CONFIG_NAME + " not listed or without a value";
    }
}
