package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.util.concurrent.TimeUnit;

/**
 * Moves records that waited for their topic's metadata into the accumulator once it is known, and fails those whose
 * max.block.ms passed with a timeout that names the topic and the last cause. Sender thread only.
 */
final class WaitingRecordMover {
    private final Sender sender;
    private final RecordRouter router;
    private long nextDeadlineNs = Long.MAX_VALUE;

    WaitingRecordMover(Sender sender, RecordRouter router) {
        this.sender = sender;
        this.router = router;
    }

    void moveAll(long nowNs) {
        if (sender.waiting.isEmpty()) {
            nextDeadlineNs = Long.MAX_VALUE;
            return;
        }
        ClusterSnapshot cluster = sender.cluster();
        long[] earliest = {Long.MAX_VALUE};
        sender.waiting.process((topic, w) -> {
            boolean left = tryMove(topic, w, cluster, nowNs);
            if (!left) {
                earliest[0] = Math.min(earliest[0], w.deadlineNs);
            }
            return left;
        });
        nextDeadlineNs = earliest[0];
    }

    long nanosUntilNextDeadline(long nowNs) {
        return nextDeadlineNs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, nextDeadlineNs - nowNs);
    }

    private boolean tryMove(String topic, WaitingRecords.Waiting w, ClusterSnapshot cluster, long nowNs) {
        TopicState t = cluster.topic(topic);
        if (t != null && t.errorCode() != 0) {
            ErrorCode code = ErrorCode.forCode(t.errorCode());
            if (code == ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
                fail(w, new AuthorizationException(AuthorizationException.ResourceType.TOPIC, topic,
                        "Not authorized to access topic " + topic + " (TOPIC_AUTHORIZATION_FAILED)."));
                return true;
            }
            if (code == ErrorCode.INVALID_TOPIC_EXCEPTION) {
                fail(w, new InvalidTopicException(topic, "Topic name " + topic + " is not valid "
                        + "(INVALID_TOPIC_EXCEPTION)."));
                return true;
            }
        }
        int partitions = cluster.partitionCount(topic);
        if (partitions > 0) {
            int partition;
            try {
                partition = router.choosePartition(topic, w, cluster);
            } catch (RuntimeException e) {
                fail(w, e);
                return true;
            }
            if (partition >= 0 && router.appendNow(topic, partition, w, cluster, nowNs)) {
                sender.pool().release(w.reservedBytes);
                return true;
            }
            if (partition >= 0 && nowNs >= w.deadlineNs) {
                fail(w, new TimeoutException(TimeoutException.What.BUFFER_MEMORY, "Could not allocate buffer memory "
                        + "for a record to " + topic + " within max.block.ms=" + sender.config.maxBlockMs()
                        + " (buffer.memory=" + sender.pool().totalMemoryBytes() + " bytes is exhausted)."));
                return true;
            }
            if (partition >= 0) {
                return false;
            }
        }
        if (nowNs >= w.deadlineNs) {
            fail(w, metadataTimeout(topic, w, t, partitions));
            return true;
        }
        return false;
    }

    private TimeoutException metadataTimeout(String topic, WaitingRecords.Waiting w, TopicState t, int partitions) {
        String what;
        if (partitions > 0 && w.explicitPartition >= partitions) {
            what = "Partition " + w.explicitPartition + " of topic " + topic + " (which has " + partitions
                    + " partitions) is not present in metadata";
        } else {
            what = "Topic " + topic + " not present in metadata";
        }
        String cause;
        if (!sender.metadata.everUpdated()) {
            cause = "no broker could be reached (" + sender.metadataErrorHint() + ")";
        } else if (t == null) {
            cause = "the broker did not return it";
        } else if (t.errorCode() != 0) {
            ErrorCode code = ErrorCode.forCode(t.errorCode());
            cause = code == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                    ? "unknown topic (UNKNOWN_TOPIC_OR_PARTITION): it does not exist and is not auto-created"
                    : code.name() + ": " + code.message();
        } else {
            cause = "the partition does not exist";
        }
        return new TimeoutException(TimeoutException.What.METADATA, what + " after "
                + sender.config.maxBlockMs() + " ms (max.block.ms); last cause: " + cause + ".");
    }

    void fail(WaitingRecords.Waiting w, Exception error) {
        sender.pool().release(w.reservedBytes);
        sender.metrics.recordsFailed(1);
        int partition = w.explicitPartition >= 0 ? w.explicitPartition : -1;
        sender.completions.submit(() -> w.future.fail(error, partition, sender.ackListener));
    }

    static long deadline(long nowNs, long maxBlockMs) {
        return nowNs + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
    }
}
