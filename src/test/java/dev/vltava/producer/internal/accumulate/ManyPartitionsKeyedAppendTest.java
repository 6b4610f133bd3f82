package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.record.RecordBatchReader;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keyed records spread over many partitions (enough for the accumulator to read ahead the cache lines each
 * partition's next record will take, after the lock: {@code RecordAccumulator.manyPartitions}), appended round robin so
 * that every append reads ahead in a batch other appends follow into, land whole and in order in their partitions'
 * batches, including records that end near a buffer's end (the read-ahead stays inside the buffer).
 */
class ManyPartitionsKeyedAppendTest {
    private static final int PARTITIONS = RecordAccumulator.MANY_PARTITIONS + 36;
    private static final int ROUNDS = 40;

    /**
     * The read-ahead runs after the lock, so a seal or stamp on another thread may have narrowed the batch buffer's
     * limit to the batch's end meanwhile (as {@code RecordBatchWriter} does while it compresses or computes the CRC):
     * the read-ahead must skip, not throw out of an append whose record is already in the batch.
     */
    @Test
    void theReadAheadSkipsWhatASealInProgressHasCutOff() {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(4096);
        ProducerBatch batch = new ProducerBatch(new TopicPartition("t", 0), buffer, 1_000L, false, 0L);
        buffer.limit(100); // a seal in progress: the limit is the batch's end for a moment
        assertEquals(0, batch.warmLinesAfter(90), "both lines lie past the limit: nothing read, nothing thrown");
        buffer.clear();
        assertEquals(0, batch.warmLinesAfter(90), "a zeroed buffer reads zeros once the limit is back");
    }

    @Test
    void recordsRoundRobinOverManyPartitionsLandWholeAndInOrder() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(4096, 0L, new BufferPool(32 * 1024 * 1024, 4096));
        for (int round = 0; round < ROUNDS; round++) {
            for (int p = 0; p < PARTITIONS; p++) {
                byte[] key = ("k" + p).getBytes(StandardCharsets.UTF_8);
                byte[] value = value(p, round);
                AppendResult r = acc.append(new TopicPartition("t", p), 1_000L + round, key, value,
                        new RecordHeader[0], new RecordFuture("t", null, key.length, value.length, 1_000L + round),
                        1_000, 0L);
                assertNotNull(r, "appended");
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionQueue q = acc.queue(new TopicPartition("t", p));
            int round = 0;
            for (ProducerBatch b : q.batches()) {
                b.closeForAppends();
                b.prepareForSend(null, -1L, (short) -1, -1);
                RecordBatchReader reader = new RecordBatchReader(b.wireBuffer());
                reader.ensureValid();
                for (DecodedRecord r : reader.records()) {
                    assertArrayEquals(("k" + p).getBytes(StandardCharsets.UTF_8), r.key());
                    assertArrayEquals(value(p, round), r.value(), "partition " + p + ", record " + round);
                    round++;
                }
            }
            assertEquals(ROUNDS, round, "every record of partition " + p);
        }
    }

    /** Values of varying length, so that records end anywhere in a line and near the end of a buffer. */
    private static byte[] value(int partition, int round) {
        byte[] v = new byte[37 + (partition * 7 + round * 13) % 90];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (partition + round + i);
        }
        return v;
    }
}
