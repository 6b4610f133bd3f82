package dev.vltava.producer.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Every produce request the engine hands to the network (an attempt), in one order of events shared with what the
 * client learns about them, for the send-order check without idempotence ({@link Simulation}): when it was sent and
 * to which node, which partitions and records it carried, and when and how the client learnt its end (a response, or
 * the end of its connection).
 *
 * <p>Licence to pipeline, per partition ({@link #licensed}): when an attempt was sent, the node it went to had
 * answered a request of the partition with success since the partition's last request to another node and since the
 * last failure the client learnt of a request whose records were then sent again. Without idempotence Vltava
 * pipelines a partition only to such a node (a fresh partition, a new leader and a retry get one request at a time).
 */
final class SimAttempts {

    /** One produce request. */
    static final class Attempt {
        final int node;
        final long sentTick;
        /** The partitions ("topic-p") it carried. */
        final List<String> partitions = new ArrayList<>(2);
        /** Partition to whether the broker answered it with success (filled when the broker handled the request). */
        final Map<String, Boolean> brokerOk = new HashMap<>();
        /** Partition to the record ids of its batch (filled when the broker handled the request). */
        final Map<String, List<Long>> ids = new HashMap<>();
        long learntTick = -1;
        boolean delivered;

        Attempt(int node, long sentTick) {
            this.node = node;
            this.sentTick = sentTick;
        }

        /** The client learnt that this attempt wrote the partition's batch (a success response). */
        boolean learntSuccess(String partition) {
            return delivered && Boolean.TRUE.equals(brokerOk.get(partition));
        }

        /** The client learnt that this attempt failed for the partition (an error, or its connection ended). */
        boolean learntFailure(String partition) {
            return learntTick >= 0 && !learntSuccess(partition);
        }
    }

    /** Per partition, its attempts in send order (each sent once, learnt at most once). */
    private final Map<String, List<Attempt>> byPartition = new HashMap<>();
    private final Function<Uuid, String> topicNames;
    private long tick;

    SimAttempts(Function<Uuid, String> topicNames) {
        this.topicNames = topicNames;
    }

    static String key(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** A request frame (size prefix included) handed to the network for {@code node}: an attempt, or null. */
    Attempt sent(int node, byte[] frame) {
        ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
        RequestHeader header = RequestHeader.parse(body);
        if (header.apiKey() != ApiKeys.PRODUCE) {
            return null;
        }
        ProduceRequestData data = new ProduceRequestData(new ByteBufferAccessor(body.slice()), header.apiVersion());
        if (data.acks() == 0) {
            return null; // nothing is acknowledged: no order to check
        }
        Attempt a = new Attempt(node, tick++);
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                String k = key(t.name() == null || t.name().isEmpty() ? topicNames.apply(t.topicId()) : t.name(),
                        p.index());
                a.partitions.add(k);
                byPartition.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
            }
        }
        return a;
    }

    /** The client learns the attempt's end now: its response ({@code delivered}) or the end of its connection. */
    void learnt(Attempt a, boolean delivered) {
        if (a == null || a.learntTick >= 0) {
            return;
        }
        a.learntTick = tick++;
        a.delivered = delivered;
    }

    /**
     * Whether the partition was licensed to pipeline to {@code a}'s node when {@code a} was sent (see the class
     * comment); {@code records} tells which records were sent again.
     */
    boolean licensed(Attempt a, String partition, SimRecords records) {
        // The partition's events before a was sent, in tick order: sends, and ends learnt by then.
        List<long[]> events = new ArrayList<>(); // [tick, kind (0 send, 1 success, 2 retried failure), node]
        for (Attempt b : byPartition.getOrDefault(partition, List.of())) {
            if (b.sentTick < a.sentTick) {
                events.add(new long[] {b.sentTick, 0, b.node});
                if (b.learntTick >= 0 && b.learntTick < a.sentTick) {
                    if (b.learntSuccess(partition)) {
                        events.add(new long[] {b.learntTick, 1, b.node});
                    } else if (sentAgain(b, partition, records)) {
                        events.add(new long[] {b.learntTick, 2, b.node});
                    }
                }
            }
        }
        events.sort((x, y) -> Long.compare(x[0], y[0]));
        int licensedNode = -1;
        for (long[] e : events) {
            if (e[1] == 0 && e[2] != licensedNode) {
                licensedNode = -1;
            } else if (e[1] == 1) {
                licensedNode = (int) e[2];
            } else if (e[1] == 2) {
                licensedNode = -1;
            }
        }
        return licensedNode == a.node;
    }

    /** Whether a record of the attempt's batch went out again in a later attempt (unknown records: assume so). */
    private static boolean sentAgain(Attempt b, String partition, SimRecords records) {
        List<Long> ids = b.ids.get(partition);
        if (ids == null) {
            return true; // it never reached a broker: a retry or a failure, the simulation cannot tell
        }
        for (long id : ids) {
            SimRecords.SimRecord r = records.get(id);
            if (r == null) {
                continue;
            }
            for (Attempt later : r.attemptList) {
                if (later.sentTick > b.sentTick) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For a violation report: node, when sent and learnt (event ticks), and how it ended for the partition. */
    static String describe(List<Attempt> attempts, String partition) {
        StringBuilder sb = new StringBuilder("[");
        for (Attempt a : attempts) {
            if (a == null) {
                sb.append(" none");
                continue;
            }
            sb.append(" node ").append(a.node).append(" sent@").append(a.sentTick)
                    .append(a.learntTick < 0 ? " never learnt" : (a.learntSuccess(partition) ? " ok@" : " failed@")
                            + a.learntTick);
        }
        return sb.append(" ]").toString();
    }
}
