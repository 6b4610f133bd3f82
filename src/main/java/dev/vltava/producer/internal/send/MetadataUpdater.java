package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.MetadataRequest;
import dev.vltava.producer.internal.protocol.MetadataResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Metadata requests when {@link dev.vltava.producer.internal.metadata.Metadata} says one is due, to the least
 * loaded ready broker (connecting to one if none is ready), and falls back to the bootstrap list when every known
 * broker is unreachable. Sender thread only.
 */
final class MetadataUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataUpdater.class);
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Metadata metadata;
    private final BrokerClient client;
    /** Which broker to try first (seeded in the deterministic simulation). */
    private final RandomGenerator random;
    private boolean inFlight;
    private String lastError = "not tried yet";
    private String lastClusterId;

    MetadataUpdater(Metadata metadata, BrokerClient client, RandomGenerator random) {
        this.metadata = metadata;
        this.client = client;
        this.random = random;
    }

    String lastError() {
        return lastError;
    }

    /** Sends a request if due; returns nanoseconds until it wants to run again. */
    long maybeUpdate(long nowNs, boolean recordsWaiting) {
        if (inFlight) {
            return IDLE_NS;
        }
        if (recordsWaiting) {
            // Records wait for a topic (or partition) we do not know yet: keep asking, paced by the backoff.
            metadata.requestUpdate();
        }
        long due = metadata.nanosUntilUpdate(nowNs);
        if (due > 0) {
            return due;
        }
        ClusterSnapshot cluster = metadata.snapshot();
        BrokerAddress node = client.leastLoadedReady(cluster.nodes().values());
        if (node == null) {
            return connectSomewhere(cluster, nowNs);
        }
        List<String> topics = metadata.topicsForRequest(nowNs);
        short version = client.version(node.nodeId(), ApiKey.METADATA);
        metadata.onRequestSent(nowNs);
        inFlight = true;
        client.send(node.nodeId(), new MetadataRequest(topics, false), version, true, new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer body, short v, long now) {
                inFlight = false;
                MetadataResponse r = MetadataResponse.parse(body, v);
                metadata.onResponse(r, now);
                if (r.clusterId() != null && !r.clusterId().equals(lastClusterId)) {
                    lastClusterId = r.clusterId();
                    LOG.info("cluster {}: {} broker(s)", r.clusterId(), r.brokers().size());
                }
            }

            @Override
            public void onFailure(Exception cause, long now) {
                inFlight = false;
                lastError = node + ": " + cause.getMessage();
                metadata.onFailure(now);
            }
        }, nowNs);
        return IDLE_NS;
    }

    /** Starts a connection to some broker not in reconnect backoff; re-bootstraps when all are failing. */
    private long connectSomewhere(ClusterSnapshot cluster, long nowNs) {
        List<BrokerAddress> nodes = new ArrayList<>(cluster.nodes().values());
        if (nodes.isEmpty()) {
            metadata.rebootstrap();
            return IDLE_NS;
        }
        int start = random.nextInt(nodes.size());
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < nodes.size(); i++) {
            BrokerAddress b = nodes.get((start + i) % nodes.size());
            if (client.isConnectedOrConnecting(b.nodeId())) {
                return IDLE_NS; // wait for that connection
            }
            long delay = client.reconnectDelayNs(b.nodeId(), nowNs);
            if (delay == 0) {
                client.connect(b, nowNs);
                return IDLE_NS;
            }
            soonest = Math.min(soonest, delay);
        }
        if (metadata.everUpdated()) {
            // Every broker we knew failed: they may all have moved; try the bootstrap servers too.
            metadata.rebootstrap();
        }
        lastError = "could not connect to any of " + nodes;
        return soonest;
    }
}
