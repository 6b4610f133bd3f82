package dev.vltava.producer.internal.metadata;

import dev.vltava.producer.internal.protocol.MetadataResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The producer's knowledge of the cluster and its refresh policy.
 *
 * <p>Threads: the snapshot is read by any thread (volatile, immutable); topics are registered by application threads
 * (concurrent map); everything else — deciding when to refresh and applying responses — happens on the sender thread.
 * Refresh happens every {@code metadata.max.age.ms}, at once for a new topic, and on demand (leader moved, unknown
 * partition, disconnect), never more often than the retry backoff. Topics not used for {@code metadata.max.idle.ms}
 * are forgotten.
 *
 * <p>A thread that needs a topic's metadata now ({@code partitionsFor}) waits for the next answer to a metadata
 * request ({@link #answers()}, {@link #awaitAnswer}) instead of polling; it waits on this object's {@code answered}
 * monitor, which the sender takes only briefly when an answer (response or failure) arrives, never across I/O.
 */
public final class Metadata {
    private static final long USE_RECORD_GRANULARITY_NS = TimeUnit.SECONDS.toNanos(1);

    private final long maxAgeNs;
    private final long maxIdleNs;
    private final long refreshBackoffNs;
    private final List<BrokerAddress> bootstrap;
    private final ConcurrentHashMap<String, Long> topicLastUsedNs = new ConcurrentHashMap<>();

    private volatile ClusterSnapshot snapshot;
    private volatile boolean updateRequested = true;
    // written by the sender thread only (volatile: the metric metadata-age reads it anywhere)
    private volatile long lastSuccessNs = Long.MIN_VALUE / 2;
    private long lastAttemptNs = Long.MIN_VALUE / 2;
    private boolean everUpdated;
    /** Guards the notification of {@link #answers}; waiters wait on it. */
    private final Object answered = new Object();
    /** Metadata requests answered so far (responses and failures); written by the sender thread only. */
    private volatile long answers;

    public Metadata(List<BrokerAddress> bootstrap, long maxAgeMs, long maxIdleMs, long refreshBackoffMs) {
        this.bootstrap = List.copyOf(bootstrap);
        this.maxAgeNs = TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
        this.maxIdleNs = TimeUnit.MILLISECONDS.toNanos(maxIdleMs);
        this.refreshBackoffNs = TimeUnit.MILLISECONDS.toNanos(refreshBackoffMs);
        this.snapshot = ClusterSnapshot.bootstrap(bootstrap);
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** Notes that a record was sent to the topic; a topic never seen before triggers a refresh at once. */
    public void touch(String topic, long nowNs) {
        Long last = topicLastUsedNs.get(topic);
        if (last == null) {
            topicLastUsedNs.put(topic, nowNs);
            if (snapshot.topic(topic) == null) {
                updateRequested = true;
            }
        } else if (nowNs - last > USE_RECORD_GRANULARITY_NS) {
            topicLastUsedNs.put(topic, nowNs);
        }
    }

    public void requestUpdate() {
        updateRequested = true;
    }

    public boolean updateRequested() {
        return updateRequested;
    }

    /** When metadata was last refreshed successfully (the engine's clock); meaningless unless {@link #everUpdated}. */
    public long lastSuccessNs() {
        return lastSuccessNs;
    }

    public boolean everUpdated() {
        return everUpdated;
    }

    /** Nanoseconds until a refresh is due (0 = now). */
    public long nanosUntilUpdate(long nowNs) {
        // elapsed-time comparisons: the configured durations may be as large as Long.MAX_VALUE ms
        long backoffLeft = Math.max(0, refreshBackoffNs - (nowNs - lastAttemptNs));
        if (updateRequested) {
            return backoffLeft;
        }
        return Math.max(backoffLeft, maxAgeNs - (nowNs - lastSuccessNs));
    }

    /** The topics to ask about, forgetting those idle for longer than metadata.max.idle.ms. */
    public List<String> topicsForRequest(long nowNs) {
        List<String> topics = new ArrayList<>();
        topicLastUsedNs.entrySet().removeIf(e -> nowNs - e.getValue() > maxIdleNs);
        topics.addAll(topicLastUsedNs.keySet());
        return topics;
    }

    public void onRequestSent(long nowNs) {
        lastAttemptNs = nowNs;
        updateRequested = false;
    }

    public void onFailure(long nowNs) {
        lastAttemptNs = nowNs;
        updateRequested = true;
        answered();
    }

    /**
     * How many metadata requests have been answered (a response or a failure), for {@link #awaitAnswer}: read it
     * before looking at the {@link #snapshot()}, so that an answer arriving in between is not missed.
     */
    public long answers() {
        return answers;
    }

    /**
     * Waits (wall clock) until a metadata request is answered after the {@code seen}-th answer, or for at most
     * {@code maxWaitNs}. Returns whether one was; either way the caller looks at the {@link #snapshot()} again.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitAnswer(long seen, long maxWaitNs) throws InterruptedException {
        if (answers != seen) {
            return true;
        }
        long deadlineNs = System.nanoTime() + maxWaitNs;
        synchronized (answered) {
            while (answers == seen) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(answered, leftNs);
            }
            return true;
        }
    }

    /** Counts an answer and wakes the threads waiting for one (sender thread). */
    private void answered() {
        synchronized (answered) {
            answers++;
            answered.notifyAll();
        }
    }

    public void onResponse(MetadataResponse response, long nowNs) {
        Map<Integer, BrokerAddress> nodes = new HashMap<>();
        for (MetadataResponse.Broker b : response.brokers()) {
            nodes.put(b.nodeId(), new BrokerAddress(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        if (nodes.isEmpty()) {
            // A broker that knows no brokers is useless to route to; keep what we had and retry later.
            onFailure(nowNs); // counts as the answer
            return;
        }
        ClusterSnapshot old = snapshot;
        Map<String, TopicState> topics = new HashMap<>();
        boolean stale = false;
        for (MetadataResponse.TopicMetadata t : response.topics()) {
            if (t.name() == null) {
                continue;
            }
            PartitionState[] parts = new PartitionState[t.partitions().size()];
            boolean dense = true;
            for (MetadataResponse.PartitionMetadata p : t.partitions()) {
                if (p.partitionIndex() < 0 || p.partitionIndex() >= parts.length) {
                    dense = false;
                    break;
                }
                PartitionState fresh = new PartitionState(p.partitionIndex(), p.leaderId(), p.leaderEpoch(),
                        p.replicaNodes(), p.isrNodes(), p.errorCode());
                PartitionState known = newerKnown(old, t, fresh);
                if (known != null) {
                    stale = true;
                    BrokerAddress leader = old.nodes().get(known.leaderId());
                    if (leader != null) {
                        nodes.putIfAbsent(leader.nodeId(), leader);
                    }
                }
                parts[p.partitionIndex()] = known != null ? known : fresh;
            }
            if (!dense) {
                continue;
            }
            topics.put(t.name(), new TopicState(t.name(), t.topicId(), t.errorCode(),
                    t.errorCode() == 0 ? parts : new PartitionState[0]));
        }
        snapshot = new ClusterSnapshot(response.clusterId(), nodes, topics);
        lastSuccessNs = nowNs;
        lastAttemptNs = nowNs;
        everUpdated = true;
        if (stale) {
            updateRequested = true; // the broker that answered lags: ask again (after the backoff)
        }
        answered(); // after the new snapshot is published: a woken waiter sees it
    }

    /**
     * KIP-320: a broker whose metadata lags may name an older leader than one we already know (from a newer metadata
     * response or a produce response's leader hint). Returns what we know when its leader epoch is newer than the
     * response's for the same topic (same topic id, or ids unknown), else null: the response's state is taken. A topic
     * deleted and created again has a new id, and its epochs start again.
     */
    private static PartitionState newerKnown(ClusterSnapshot old, MetadataResponse.TopicMetadata t,
            PartitionState fresh) {
        TopicState known = old.topic(t.name());
        if (known == null || fresh.leaderEpoch() < 0 || fresh.partition() >= known.partitionCount()) {
            return null;
        }
        if (known.topicId() != null && t.topicId() != null && !known.topicId().equals(t.topicId())) {
            return null;
        }
        PartitionState p = known.partitions()[fresh.partition()];
        return p.leaderEpoch() > fresh.leaderEpoch() ? p : null;
    }

    /**
     * Applies a new-leader hint from a produce response (KIP-951: NOT_LEADER_OR_FOLLOWER carries the current leader
     * and its endpoint), so retries go to the new leader without waiting for a metadata round trip. Ignored unless
     * its leader epoch is newer than what we know.
     */
    public boolean applyLeaderHint(TopicPartition tp, int leaderId, int leaderEpoch, List<BrokerAddress> endpoints) {
        ClusterSnapshot old = snapshot;
        TopicState t = old.topic(tp.topic());
        if (t == null || leaderId < 0 || tp.partition() >= t.partitionCount()) {
            return false;
        }
        PartitionState p = t.partitions()[tp.partition()];
        if (p.leaderEpoch() >= leaderEpoch) {
            return false;
        }
        Map<Integer, BrokerAddress> nodes = new HashMap<>(old.nodes());
        for (BrokerAddress b : endpoints) {
            nodes.putIfAbsent(b.nodeId(), b);
        }
        if (!nodes.containsKey(leaderId)) {
            return false;
        }
        PartitionState[] parts = t.partitions().clone();
        parts[tp.partition()] = new PartitionState(p.partition(), leaderId, leaderEpoch, p.replicas(),
                p.inSyncReplicas(), p.errorCode());
        Map<String, TopicState> topics = new HashMap<>(old.topics());
        topics.put(t.name(), new TopicState(t.name(), t.topicId(), t.errorCode(), parts));
        snapshot = new ClusterSnapshot(old.clusterId(), nodes, topics);
        return true;
    }

    /** After every known broker failed: start again from the bootstrap list. */
    public void rebootstrap() {
        ClusterSnapshot old = snapshot;
        Map<Integer, BrokerAddress> nodes = new HashMap<>(old.nodes());
        for (BrokerAddress b : bootstrap) {
            nodes.putIfAbsent(b.nodeId(), b);
        }
        snapshot = new ClusterSnapshot(old.clusterId(), nodes, old.topics());
        updateRequested = true;
    }

    public List<BrokerAddress> bootstrapServers() {
        return bootstrap;
    }
}
