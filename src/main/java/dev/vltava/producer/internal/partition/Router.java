package dev.vltava.producer.internal.partition;

import dev.vltava.producer.Node;
import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Partitioner;
import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.internal.accumulate.AppendResult;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import dev.vltava.producer.internal.send.RecordRouter;
import dev.vltava.producer.internal.metadata.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses partitions (explicit &gt; the user's partitioner &gt; murmur2 of the key &gt; sticky) and appends records,
 * for application threads and for records that waited for metadata (sender thread).
 */
public final class Router implements RecordRouter {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final DefaultPartitioning partitioning;
    private final Partitioner userPartitioner;
    private final RecordAccumulator accumulator;
    private final TopicPartitionCache partitions = new TopicPartitionCache();
    private final Runnable wakeSender;
    private final Metadata metadata;
    /** partitioner.adaptive.partitioning.enable: weigh sticky switches by queued batches per partition. */
    private final boolean adaptive;
    private final ConcurrentHashMap<String, TopicRoute> routes = new ConcurrentHashMap<>();
    /**
     * The route last looked up: most producers send to one topic, or to one at a time, and then a send skips the map
     * (its hash and table look-up were about 3 % of the sending thread's time through the facade, issue 16). Any
     * thread may replace it; a stale one is checked (topic and snapshot) before use, so a race costs a look-up.
     */
    private volatile TopicRoute lastRoute;
    /** Brokers to avoid (partitioner.availability.timeout.ms), or null when that is off. */
    private final UnavailableNodes unavailableNodes;
    private final long availabilityTimeoutNs;
    private final LongSupplier clock;

    public Router(DefaultPartitioning partitioning, Partitioner userPartitioner, RecordAccumulator accumulator,
            Metadata metadata, boolean adaptive, Runnable wakeSender) {
        this(partitioning, userPartitioner, accumulator, metadata, adaptive, 0, wakeSender, System::nanoTime);
    }

    /**
     * With partitioner.availability.timeout.ms (0 = off; only with adaptive partitioning, as in Kafka): the sticky
     * partitioner avoids the partitions of brokers the sender reports as unable to take requests for that long.
     */
    public Router(DefaultPartitioning partitioning, Partitioner userPartitioner, RecordAccumulator accumulator,
            Metadata metadata, boolean adaptive, long availabilityTimeoutMs, Runnable wakeSender) {
        this(partitioning, userPartitioner, accumulator, metadata, adaptive, availabilityTimeoutMs, wakeSender,
                System::nanoTime);
    }

    /** With the engine's clock (a virtual one in the deterministic simulation). */
    public Router(DefaultPartitioning partitioning, Partitioner userPartitioner, RecordAccumulator accumulator,
            Metadata metadata, boolean adaptive, long availabilityTimeoutMs, Runnable wakeSender,
            LongSupplier clock) {
        this.clock = clock;
        this.unavailableNodes = adaptive && availabilityTimeoutMs > 0 ? new UnavailableNodes() : null;
        this.availabilityTimeoutNs = unavailableNodes == null ? 0
                : TimeUnit.MILLISECONDS.toNanos(availabilityTimeoutMs);
        this.partitioning = partitioning;
        this.adaptive = adaptive;
        this.userPartitioner = userPartitioner;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.wakeSender = wakeSender;
    }

    /**
     * The topic's route under the current snapshot (the last one, or one map look-up). A new route tells metadata the
     * topic is in use; while records flow, the sender says so for the topics it sends (so a send reads no clock).
     *
     * @param nowNs the engine clock's time, or {@link RecordAccumulator#READ_CLOCK} (read only for a new route)
     */
    public TopicRoute route(String topic, long nowNs) {
        ClusterSnapshot cluster = metadata.snapshot();
        TopicRoute r = lastRoute;
        if (r != null && r.cluster == cluster && r.topic.equals(topic)) {
            return r;
        }
        r = routes.get(topic);
        if (r == null || r.cluster != cluster) {
            r = new TopicRoute(topic, cluster, partitions,
                    r != null ? r.sticky : partitioning.sticky().handle(topic));
            routes.put(topic, r);
            metadata.touch(topic, nowNs == RecordAccumulator.READ_CLOCK ? clock.getAsLong() : nowNs);
        }
        lastRoute = r;
        return r;
    }

    /**
     * The record's partition (with {@link #CHOSEN_BY_STICKY} when the sticky logic chose it). The same on the
     * caller's thread and, for a record that waited for metadata, on the sender thread.
     *
     * @throws PartitionerException if the user's partitioner throws (anything: its record fails alone, on both paths)
     * @throws IllegalArgumentException if the user's partitioner returns a partition the topic does not have
     */
    public int partition(TopicRoute route, int explicit, Object key, byte[] keyBytes, Object value, byte[] valueBytes) {
        int custom = DefaultPartitioning.NO_PARTITION;
        if (DefaultPartitioning.needsCustomPartitioner(userPartitioner != null, explicit)) {
            try {
                custom = userPartitioner.partition(route.topic, key, keyBytes, value, valueBytes,
                        route.partitionInfos());
            } catch (Throwable t) { // an Error or a checked exception too: on the sender thread it would wedge the loop
                throw new PartitionerException(userPartitioner.getClass().getName(), route.topic, t);
            }
        }
        if (partitioning.usesSticky(explicit, custom, keyBytes)) {
            // Through the route's cached handle rather than the tracker's per-topic map.
            return partitioning.sticky().partition(route.sticky, route.partitionCount, available(route))
                    | CHOSEN_BY_STICKY;
        }
        return partitioning.partition(route.topic, explicit, custom, keyBytes, route.partitionCount,
                available(route));
    }

    /**
     * Marks a partition that the sticky logic chose (and so may move on), as opposed to one chosen by the record,
     * the key hash or the user's partitioner (which must stay). A flag bit keeps the send path free of a result
     * object; partitions are far below 2^30. {@link #append} strips it.
     */
    static final int CHOSEN_BY_STICKY = 1 << 30;


    /**
     * Appends (blocking only for buffer memory, up to maxBlockMs; 0 = do not block and return null). A sticky record
     * that would need a new batch first moves the sticky partition on and goes there instead, so no batch with a
     * single record is left behind (the official client does the same).
     */
    public AppendResult append(TopicRoute route, int partition, int explicit, byte[] keyBytes, byte[] valueBytes,
            RecordHeader[] headers, long timestamp, PendingRecord<?> future, long maxBlockMs, long nowNs)
            throws InterruptedException {
        boolean sticky = (partition & CHOSEN_BY_STICKY) != 0;
        partition &= ~CHOSEN_BY_STICKY;
        AppendResult r = accumulator.append(route.queue(partition, accumulator), timestamp, keyBytes, valueBytes,
                headers, future, maxBlockMs, sticky && route.partitionCount > 1, nowNs);
        if (r == AppendResult.NEEDS_NEW_BATCH) {
            partitioning.sticky().onNewBatch(route.sticky, partition, route.partitionCount, available(route),
                    adaptive ? route : null);
            partition = partitioning.sticky().partition(route.sticky, route.partitionCount, available(route));
            r = accumulator.append(route.queue(partition, accumulator), timestamp, keyBytes, valueBytes, headers,
                    future, maxBlockMs, false, nowNs);
        }
        if (r == null) {
            return null;
        }
        if (sticky) {
            int size = (keyBytes == null ? 0 : keyBytes.length) + (valueBytes == null ? 0 : valueBytes.length);
            partitioning.sticky().onAppend(route.sticky, partition, size, r != AppendResult.APPENDED,
                    route.partitionCount, available(route), adaptive ? route : null);
        }
        if (r != AppendResult.APPENDED) {
            wakeSender.run();
        }
        return r;
    }

    @Override
    public int choosePartition(String topic, WaitingRecords.Waiting w, ClusterSnapshot cluster) {
        int p = partition(route(topic, clock.getAsLong()), w.explicitPartition, w.key, w.keyBytes, w.value,
                w.valueBytes);
        return p == DefaultPartitioning.EXPLICIT_PARTITION_OUT_OF_RANGE ? -2 : p;
    }

    @Override
    public boolean appendNow(String topic, int partition, WaitingRecords.Waiting w, ClusterSnapshot cluster,
            long nowNs) {
        try {
            return append(route(topic, nowNs), partition, w.explicitPartition, w.keyBytes, w.valueBytes, w.headers,
                    w.timestamp, w.future, RecordAccumulator.FROM_EARMARKED_MEMORY, nowNs) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The partitions the sticky logic may pick: those with a leader, minus those of brokers being avoided. */
    private int[] available(TopicRoute route) {
        return unavailableNodes == null ? route.availableOrNull : route.availableAvoiding(unavailableNodes.state());
    }

    @Override
    public long nodeAvailabilityTimeoutNs() {
        return availabilityTimeoutNs;
    }

    @Override
    public void onUnavailableNodes(int[] sortedNodeIds) {
        if (unavailableNodes != null) {
            unavailableNodes.set(sortedNodeIds);
            if (sortedNodeIds.length > 0) {
                LOG.info("partitioner.availability.timeout.ms: avoiding the partitions of broker(s) {} for now",
                        Arrays.toString(sortedNodeIds));
            }
        }
    }

    public static List<PartitionInfo> partitionInfos(String topic, ClusterSnapshot cluster) {
        TopicState t = cluster.topic(topic);
        if (t == null || t.errorCode() != 0) {
            return List.of();
        }
        List<PartitionInfo> out = new ArrayList<>(t.partitionCount());
        for (PartitionState p : t.partitions()) {
            out.add(new PartitionInfo(topic, p.partition(), node(cluster, p.leaderId()), nodes(cluster, p.replicas()),
                    nodes(cluster, p.inSyncReplicas())));
        }
        return out;
    }

    private static List<Node> nodes(ClusterSnapshot cluster, int[] ids) {
        List<Node> out = new ArrayList<>(ids == null ? 0 : ids.length);
        if (ids != null) {
            for (int id : ids) {
                Node n = node(cluster, id);
                out.add(n != null ? n : new Node(id, "", -1, null));
            }
        }
        return out;
    }

    private static Node node(ClusterSnapshot cluster, int id) {
        BrokerAddress b = id < 0 ? null : cluster.node(id);
        return b == null ? null : new Node(b.nodeId(), b.host(), b.port(), b.rack());
    }
}
