package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.util.function.Supplier;

/**
 * Moves records that waited for their topic's metadata into the accumulator once it is known, and fails those whose
 * max.block.ms passed with a timeout that names the topic and the last cause. Sender thread only.
 */
final class WaitingRecordMover {
    private final WaitingRecords waiting;
    private final Metadata metadata;
    private final BufferPool pool;
    private final RecordRouter router;
    private final BatchFailer failer;
    private final long maxBlockMs;
    /** Why metadata could not be fetched, for the timeout's message. */
    private final Supplier<String> metadataErrorHint;
    private long nextDeadlineNs = Long.MAX_VALUE;
    /** Whether the topic being processed has its records' reservations in the pool's earmark. */
    private boolean topicEarmarked;

    WaitingRecordMover(WaitingRecords waiting, Metadata metadata, BufferPool pool, RecordRouter router,
            BatchFailer failer, long maxBlockMs, Supplier<String> metadataErrorHint) {
        this.waiting = waiting;
        this.metadata = metadata;
        this.pool = pool;
        this.router = router;
        this.failer = failer;
        this.maxBlockMs = maxBlockMs;
        this.metadataErrorHint = metadataErrorHint;
    }

    void moveAll(long nowNs) {
        if (waiting.isEmpty()) {
            nextDeadlineNs = Long.MAX_VALUE;
            return;
        }
        ClusterSnapshot cluster = metadata.snapshot();
        long[] earliest = {Long.MAX_VALUE};
        try {
            waiting.process(new WaitingRecords.Mover() {
                @Override
                public void beginTopic(String topic, long reservedBytes) {
                    earmarkIfMovable(topic, reservedBytes, cluster);
                }

                @Override
                public boolean tryMove(String topic, WaitingRecords.Waiting w) {
                    boolean left = WaitingRecordMover.this.tryMove(topic, w, cluster, nowNs);
                    if (!left) {
                        earliest[0] = Math.min(earliest[0], w.deadlineNs);
                    }
                    return left;
                }

                @Override
                public boolean othersMayPass(String topic, WaitingRecords.Waiting w) {
                    return waitsForMissingPartition(topic, w, cluster);
                }

                @Override
                public long endTopic(String topic, Iterable<WaitingRecords.Waiting> remaining, long reservedBytes) {
                    return takeBackEarmark(remaining, reservedBytes);
                }
            });
        } finally {
            topicEarmarked = false;
            pool.releaseEarmark(); // what the records that left reserved and their batches did not take
        }
        nextDeadlineNs = earliest[0];
    }

    /**
     * When the topic's partitions are known, its records' reservations go to the pool's earmark, so the batches they
     * move into can be paid for with them even when reservations hold the whole budget (otherwise nothing could move
     * until max.block.ms failed them all). Records that leave the queue leave their bytes there; those that stay take
     * theirs back in {@link #takeBackEarmark}.
     */
    private void earmarkIfMovable(String topic, long reservedBytes, ClusterSnapshot cluster) {
        if (cluster.partitionCount(topic) <= 0) {
            return;
        }
        pool.earmark(reservedBytes);
        topicEarmarked = true;
    }

    /**
     * The records that stay take their reservations back from the earmark. If batches for the records that left spent
     * more than those had reserved, what is left is shared out oldest first and the newest hold less (down to nothing):
     * the memory is in those batches, so buffer.memory is never exceeded, and a record needs a batch to move anyway.
     * Only in that case are the records walked: when the earmark still holds all they reserved, they take it back
     * whole. Returns what the records that stay hold now.
     */
    private long takeBackEarmark(Iterable<WaitingRecords.Waiting> remaining, long reservedBytes) {
        if (!topicEarmarked) {
            return reservedBytes;
        }
        topicEarmarked = false;
        long left = pool.earmarkedBytes();
        if (left >= reservedBytes) {
            if (reservedBytes > 0) {
                pool.unearmark(reservedBytes);
            }
            return reservedBytes;
        }
        long taken = 0;
        for (WaitingRecords.Waiting w : remaining) {
            w.reservedBytes = Math.min(w.reservedBytes, left - taken);
            taken += w.reservedBytes;
        }
        if (taken > 0) {
            pool.unearmark(taken);
        }
        return taken;
    }

    /**
     * The topic is known but lacks the record's explicit partition: the record waits for it alone (until max.block.ms,
     * as in Kafka), while the topic's later records, which go to partitions that exist, move past it.
     */
    private static boolean waitsForMissingPartition(String topic, WaitingRecords.Waiting w, ClusterSnapshot cluster) {
        int partitions = cluster.partitionCount(topic);
        return partitions > 0 && w.explicitPartition >= partitions;
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
                releaseReservation(w);
                return true;
            }
            if (partition >= 0 && nowNs >= w.deadlineNs) {
                fail(w, new TimeoutException(TimeoutException.What.BUFFER_MEMORY, "Could not allocate buffer memory "
                        + "for a record to " + topic + " within max.block.ms=" + maxBlockMs
                        + " (buffer.memory=" + pool.totalMemoryBytes() + " bytes is exhausted)."));
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
        if (!metadata.everUpdated()) {
            cause = "no broker could be reached (" + metadataErrorHint.get() + ")";
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
                + maxBlockMs + " ms (max.block.ms); last cause: " + cause + ".");
    }

    /** A record left the queue: its reserved bytes are free again (if earmarked, when the pass ends). */
    private void releaseReservation(WaitingRecords.Waiting w) {
        if (!topicEarmarked) {
            pool.release(w.reservedBytes);
        }
    }

    void fail(WaitingRecords.Waiting w, Exception error) {
        releaseReservation(w);
        failer.failRecord(w.future, w.explicitPartition >= 0 ? w.explicitPartition : -1, error);
    }

    static long deadline(long nowNs, long maxBlockMs) {
        return Deadlines.afterMs(nowNs, maxBlockMs);
    }
}
