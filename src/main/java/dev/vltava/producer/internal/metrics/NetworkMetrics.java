package dev.vltava.producer.internal.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network's metrics: connections, requests, responses and bytes of the whole producer (group
 * {@code producer-metrics}) and per broker ({@code producer-node-metrics}, tag {@code node-id} = {@code node-<id>},
 * added at the first request to that broker). Recorded by the network client on the sender thread; read anywhere.
 *
 * <p>Bytes are counted per Kafka frame (size prefix included), not per socket write: TLS record overhead is not in
 * them. "I/O time" is the sender loop's busy time between two polls, "I/O wait" the time blocked in a poll.
 */
public final class NetworkMetrics {
    public static final String NODE_GROUP = "producer-node-metrics";
    private static final String GROUP = ProducerMetrics.GROUP;

    private final MetricsRegistry registry;
    private final String clientId;
    private final Map<String, String> tags;
    /** Sender thread only. */
    private final Map<Integer, NodeMetrics> nodes = new HashMap<>();

    private final WindowedStat connectionsCreated;
    private final WindowedStat connectionsClosed;
    private final WindowedStat authSucceeded;
    private final WindowedStat authFailed;
    private final WindowedStat reauthSucceeded;
    private final WindowedStat reauthFailed;
    private final WindowedStat bytesOut;
    private final WindowedStat bytesIn;
    private final WindowedStat requests;
    private final WindowedStat responses;
    private final WindowedStat ioWait;
    private final WindowedStat ioTime;
    private volatile EngineEvents events = EngineEvents.NONE;
    private volatile int connectionCount;
    private volatile int requestsInFlight;

    NetworkMetrics(MetricsRegistry registry, String clientId) {
        this.registry = registry;
        this.clientId = clientId;
        this.tags = Map.of("client-id", clientId);
        connectionsCreated = registry.stat(MetricLevel.INFO);
        countMeter(connectionsCreated, "connection-creation", "connections established");
        connectionsClosed = registry.stat(MetricLevel.INFO);
        countMeter(connectionsClosed, "connection-close", "connections closed");
        add("connection-count", "Connections open now (connecting ones included).", now -> (double) connectionCount);
        authSucceeded = registry.stat(MetricLevel.INFO);
        countMeter(authSucceeded, "successful-authentication", "connections that authenticated with SASL");
        authFailed = registry.stat(MetricLevel.INFO);
        countMeter(authFailed, "failed-authentication", "connections that failed to authenticate");
        reauthSucceeded = registry.stat(MetricLevel.INFO);
        countMeter(reauthSucceeded, "successful-reauthentication", "SASL re-authentications (KIP-368) of live "
                + "connections that succeeded");
        add("reauthentication-latency-avg", "Average milliseconds a successful re-authentication took, over the "
                + "metrics window.", now -> reauthSucceeded.avg(now) / 1e6);
        add("reauthentication-latency-max", "Largest milliseconds a successful re-authentication took, over the "
                + "metrics window.", now -> reauthSucceeded.max(now) / 1e6);
        reauthFailed = registry.stat(MetricLevel.INFO);
        countMeter(reauthFailed, "failed-reauthentication", "SASL re-authentications of live connections that "
                + "failed");
        // A client never learns that its peer could not re-authenticate, so (as in the official client) every first
        // SASL authentication of a connection counts here too: the same value as successful-authentication-total.
        add("successful-authentication-no-reauth-total", "Connections that authenticated with SASL, as counted "
                + "for peers that do not re-authenticate (for a producer: every first authentication).",
                now -> (double) authSucceeded.totalCount());
        bytesOut = registry.stat(MetricLevel.INFO);
        meter(bytesOut, "outgoing-byte", "bytes of requests sent to all brokers");
        bytesIn = registry.stat(MetricLevel.INFO);
        meter(bytesIn, "incoming-byte", "bytes of responses read from all brokers");
        requests = registry.stat(MetricLevel.INFO);
        countMeter(requests, "request", "requests sent to all brokers");
        add("request-size-avg", "Average request size in bytes, over the metrics window.", requests::avg);
        add("request-size-max", "Largest request in bytes, over the metrics window.", requests::max);
        responses = registry.stat(MetricLevel.INFO);
        countMeter(responses, "response", "responses read from all brokers");
        add("network-io-rate", "Requests sent and responses read per second, over the metrics window.",
                now -> requests.countRate(now) + responses.countRate(now));
        add("network-io-total", "Requests sent and responses read.",
                now -> (double) (requests.totalCount() + responses.totalCount()));
        add("requests-in-flight", "Requests sent and not answered yet.", now -> (double) requestsInFlight);
        ioWait = registry.stat(MetricLevel.INFO);
        countMeter(ioWait, "select", "polls of the network (each may wait for I/O)");
        add("io-wait-time-ns-avg", "Average nanoseconds a poll of the network waited, over the metrics window.",
                ioWait::avg);
        add("io-wait-time-ns-total", "Total nanoseconds the sender thread waited in polls of the network.",
                now -> ioWait.total());
        add("io-wait-ratio", "Fraction of time the sender thread waited in polls of the network.",
                now -> ioWait.rate(now) / 1e9);
        ioTime = registry.stat(MetricLevel.INFO);
        add("io-time-ns-avg", "Average nanoseconds the sender thread worked between two polls, over the metrics "
                + "window.", ioTime::avg);
        add("io-time-ns-total", "Total nanoseconds the sender thread worked between polls.", now -> ioTime.total());
        add("io-ratio", "Fraction of time the sender thread worked (not waiting in a poll).",
                now -> ioTime.rate(now) / 1e9);
    }

    // ---------------------------------------------------------------- recording (sender thread)

    public void connectionCreated(long nowNs) {
        connectionsCreated.record(1, nowNs);
    }

    public void connectionClosed(long nowNs) {
        connectionsClosed.record(1, nowNs);
    }

    void events(EngineEvents events) {
        this.events = events;
    }

    /** A connection became ready (versions known, authenticated): an event, not a metric. */
    public void connectionUp(int nodeId, String host, int port) {
        events.connectionUp(nodeId, host, port);
    }

    /** A ready connection ended: an event, not a metric (connection-close counts every close). */
    public void connectionDown(int nodeId, String host, int port, String reason) {
        events.connectionDown(nodeId, host, port, reason);
    }

    public void authenticated(boolean success, long nowNs) {
        (success ? authSucceeded : authFailed).record(1, nowNs);
    }

    /** A live connection re-authenticated (KIP-368), taking {@code latencyNs} from start to ready. */
    public void reauthenticated(long latencyNs, long nowNs) {
        reauthSucceeded.record(latencyNs, nowNs);
    }

    /** A live connection's re-authentication failed (the connection is closed). */
    public void reauthenticationFailed(long nowNs) {
        reauthFailed.record(1, nowNs);
    }

    public void requestSent(int nodeId, int bytes, long nowNs) {
        requests.record(bytes, nowNs);
        bytesOut.record(bytes, nowNs);
        NodeMetrics n = node(nodeId);
        n.requests.record(bytes, nowNs);
    }

    public void responseReceived(int nodeId, int bytes, long nowNs) {
        responses.record(bytes, nowNs);
        bytesIn.record(bytes, nowNs);
        node(nodeId).responses.record(bytes, nowNs);
    }

    /** The latency of a produce request to the node (the node's request-latency-avg/max). */
    void requestLatency(int nodeId, long latencyNs, long nowNs) {
        node(nodeId).latency.record(latencyNs, nowNs);
    }

    /** One poll of the network: how long it waited, and how long the loop worked since the previous poll ended. */
    public void polled(long waitedNs, long workedNs, long nowNs) {
        ioWait.record(waitedNs, nowNs);
        if (workedNs >= 0) {
            ioTime.record(workedNs, nowNs);
        }
    }

    /** The connection table's state after a poll. */
    public void state(int connections, int inFlight) {
        connectionCount = connections;
        requestsInFlight = inFlight;
    }

    void tick(long nowNs) {
        // nothing kept as running totals here yet
    }

    private NodeMetrics node(int nodeId) {
        NodeMetrics n = nodes.get(nodeId);
        if (n == null) {
            n = new NodeMetrics(registry, clientId, nodeId);
            nodes.put(nodeId, n);
        }
        return n;
    }

    private void add(String name, String description, MetricValue value) {
        registry.add(new MetricKey(name, GROUP, tags, description), value);
    }

    private void meter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::rate);
        add(prefix + "-total", "Total " + what + ".", now -> s.total());
    }

    private void countMeter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::countRate);
        add(prefix + "-total", "Total " + what + ".", now -> (double) s.totalCount());
    }

    /** The producer-node-metrics of one broker (bootstrap addresses have negative ids: node--1, node--2, ...). */
    private static final class NodeMetrics {
        final WindowedStat requests;
        final WindowedStat responses;
        final WindowedStat latency;

        NodeMetrics(MetricsRegistry registry, String clientId, int nodeId) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("client-id", clientId);
            tags.put("node-id", "node-" + nodeId);
            String node = "node " + nodeId;
            requests = registry.stat(MetricLevel.INFO);
            responses = registry.stat(MetricLevel.INFO);
            latency = registry.stat(MetricLevel.INFO);
            add(registry, tags, "request-rate", "Requests sent to " + node + " per second, over the metrics window.",
                    requests::countRate);
            add(registry, tags, "request-total", "Requests sent to " + node + ".", now -> (double) requests.totalCount());
            add(registry, tags, "request-size-avg", "Average request size in bytes to " + node + ".", requests::avg);
            add(registry, tags, "request-size-max", "Largest request in bytes to " + node + ".", requests::max);
            add(registry, tags, "outgoing-byte-rate", "Bytes sent to " + node + " per second.", requests::rate);
            add(registry, tags, "outgoing-byte-total", "Bytes sent to " + node + ".", now -> requests.total());
            add(registry, tags, "response-rate", "Responses from " + node + " per second.", responses::countRate);
            add(registry, tags, "response-total", "Responses from " + node + ".",
                    now -> (double) responses.totalCount());
            add(registry, tags, "incoming-byte-rate", "Bytes read from " + node + " per second.", responses::rate);
            add(registry, tags, "incoming-byte-total", "Bytes read from " + node + ".", now -> responses.total());
            add(registry, tags, "request-latency-avg", "Average milliseconds from a produce request to " + node
                    + " to its response, over the metrics window.", now -> latency.avg(now) / 1e6);
            add(registry, tags, "request-latency-max", "Largest milliseconds from a produce request to " + node
                    + " to its response, over the metrics window.", now -> latency.max(now) / 1e6);
        }

        private static void add(MetricsRegistry registry, Map<String, String> tags, String name, String description,
                MetricValue value) {
            registry.add(new MetricKey(name, NODE_GROUP, tags, description), value);
        }
    }
}
