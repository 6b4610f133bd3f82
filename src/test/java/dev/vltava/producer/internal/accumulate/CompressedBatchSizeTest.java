package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.UntimedWaits;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.record.RecordBatchReader;
import dev.vltava.producer.internal.record.RecordBatchWriter;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Session 18: with compression, batch.size bounds a batch as compressed (as the official client fills its batches).
 * A partition's batches grow past batch.size, into the pool's larger size classes, as far as what its batches
 * compressed to so far allows; the broker then gets fewer batches and requests for records that compress well.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressedBatchSizeTest {
    private static final String TOPIC = "t";
    private static final int NODE = 1;
    private static final int BATCH = 16 * 1024;
    private static final long MEMORY = 32L << 20;
    private static final long TS = 1_700_000_000_000L;
    private static final long NO_LINGER_EVER = TimeUnit.HOURS.toNanos(1);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    @Test
    void thePoolHasClassesOfTwiceAndFourTimesBatchSizeForCompressedBatches() {
        BufferPool pool = new BufferPool(MEMORY, BATCH, 4 * BATCH, true, UntimedWaits.never());
        assertArrayEquals(new int[] {1024, 2048, 4096, 8192, 16384, 32768, 65536}, pool.sizeClasses());
        assertEquals(4 * 65536, RecordAccumulator.largestCompressedBatchClass(65536, 1 << 20, 32L << 20));
        assertEquals(65536, RecordAccumulator.largestCompressedBatchClass(65536, 100_000, 32L << 20),
                "no class above max.request.size");
        assertEquals(1 << 20, RecordAccumulator.largestCompressedBatchClass(512 * 1024, 4 << 20, 64L << 20),
                "none above 1 MiB");
        assertEquals(2 * 65536, RecordAccumulator.largestCompressedBatchClass(65536, 1 << 20, 4L << 20),
                "none above a 32nd of buffer.memory");
        assertEquals(512, RecordAccumulator.largestCompressedBatchClass(512, 1 << 20, 32L << 20),
                "a batch.size below the smallest class does not grow");
    }

    @Test
    void theGrowLimitFollowsWhatThePartitionsBatchesCompressedTo() {
        RecordAccumulator acc = accumulator();
        PartitionQueue q = acc.queue(tp(0));
        assertEquals(BATCH, acc.growLimitFor(q), "nothing learnt yet: batch.size before compression");
        q.compressionRatio.observe(1000, 400);
        q.compressionRatio.observe(1000, 400);
        q.compressionRatio.observe(1000, 400);
        q.compressionRatio.observe(1000, 400); // 1 -> 0.7 -> 0.55 -> 0.475 -> 0.4375
        assertEquals(2 * BATCH, acc.growLimitFor(q), "0.44 x 1.05 x 32 KiB fits 16 KiB; 64 KiB would not");
        q.compressionRatio.observe(1000, 200);
        q.compressionRatio.observe(1000, 200);
        q.compressionRatio.observe(1000, 200); // -> 0.32 -> 0.26 -> 0.23
        assertEquals(4 * BATCH, acc.growLimitFor(q));
        q.compressionRatio.observe(1000, 1000);
        assertEquals(BATCH, acc.growLimitFor(q), "records that stop compressing shrink the next batch at once");
        RecordAccumulator plain = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool());
        PartitionQueue p = plain.queue(tp(0));
        p.compressionRatio.observe(1000, 100);
        assertEquals(BATCH, plain.growLimitFor(p), "not enabled (no compression): batch.size before compression");
    }

    @Test
    void compressibleRecordsFillBatchesPastBatchSizeOnceTheirCompressionIsKnown() throws InterruptedException {
        RecordAccumulator acc = accumulator();
        PartitionQueue q = acc.queue(tp(0));
        int sent = 0;
        int[] recordsPerBatch = new int[6];
        int[] capacities = new int[6];
        try (BatchCompressor lz4 = Codecs.compressor(CompressionType.LZ4)) {
            for (int b = 0; b < recordsPerBatch.length; b++) {
                while (q.queuedBatches() < 2) {
                    acc.append(q, TS, null, value(sent++), NO_HEADERS, future(), 0, false, 0L);
                }
                List<ProducerBatch> drained = acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L);
                assertEquals(1, drained.size(), "the closed batch, not the open one");
                ProducerBatch full = drained.get(0);
                full.prepareForSend(lz4, -1L, (short) -1, -1); // seals: the partition learns the ratio
                recordsPerBatch[b] = full.recordCount();
                capacities[b] = full.capacityBytes();
                List<DecodedRecord> records = decode(full);
                assertEquals(full.recordCount(), records.size());
                assertTrue(full.wireBuffer().remaining() <= BATCH + 200, "batch " + b + " went out at "
                        + full.wireBuffer().remaining() + " bytes, about batch.size or less");
                acc.requestEnded(full, true);
                acc.deallocate(full);
            }
        }
        assertEquals(BATCH, capacities[0], "the first batch: batch.size before compression");
        assertTrue(capacities[5] > BATCH, "later batches grew past batch.size: " + java.util.Arrays.toString(capacities));
        assertTrue(recordsPerBatch[5] > 2 * recordsPerBatch[0] - 10, "and hold as many more records: "
                + java.util.Arrays.toString(recordsPerBatch));
    }

    @Test
    void aRecordLargerThanTheGrowLimitStillTravelsInABatchOfItsOwnSize() throws InterruptedException {
        RecordAccumulator acc = accumulator();
        PartitionQueue q = acc.queue(tp(0));
        byte[] big = new byte[20_000]; // above batch.size (16 KiB), below the 32 KiB class
        acc.append(q, TS, null, big, NO_HEADERS, future(), 0, false, 0L);
        assertEquals(RecordBatchWriter.estimateMaxSizeInBytes(null, big, NO_HEADERS), q.first().capacityBytes(),
                "its own size, as before, not the 32 KiB class that later records would share");
    }

    /**
     * Session 19: a pool short of memory hands out a free buffer of a bigger class than was asked for (rather than
     * dropping it to the GC). The batch then filled the whole buffer: with compression the classes go up to 4x
     * batch.size, so records that do not compress left in a batch four times batch.size. It now stops at its limit.
     */
    @Test
    void aBatchHandedABiggerBufferWhenMemoryIsShortStillStopsAtItsLimit() throws InterruptedException {
        BufferPool pool = new BufferPool(4 * BATCH + 512, BATCH, 4 * BATCH, true, UntimedWaits.never());
        pool.deallocate(pool.tryAllocate(4 * BATCH)); // all the memory but 512 bytes in one free 4x buffer
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        acc.boundBatchesByCompressedSize();
        PartitionQueue q = acc.queue(tp(0));
        java.util.Random random = new java.util.Random(19);
        int appended = 0;
        while (appended < 2_000) {
            byte[] incompressible = new byte[100];
            random.nextBytes(incompressible);
            if (acc.append(q, TS, null, incompressible, NO_HEADERS, future(), 0, false, 0L) == null) {
                break; // no memory for a second batch
            }
            appended++;
        }
        ProducerBatch first = q.first();
        assertEquals(4 * BATCH, first.capacityBytes(), "the pool handed out its free 4x buffer (the case under test)");
        assertEquals(1, q.queuedBatches());
        assertTrue(first.sizeInBytes() <= BATCH && first.sizeInBytes() > BATCH - 200,
                "the batch filled to batch.size (nothing learnt about compression yet), not to its buffer's end: "
                        + first.sizeInBytes() + " bytes, " + appended + " records");
        assertTrue(first.looksFull(), "and counts as full, so the sender sends it without waiting for linger.ms");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static BufferPool pool() {
        return new BufferPool(MEMORY, BATCH, 4 * BATCH, true, UntimedWaits.never());
    }

    private static RecordAccumulator accumulator() {
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool());
        acc.boundBatchesByCompressedSize();
        return acc;
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition(TOPIC, p);
    }

    /** JSON-like 100-byte values: compress to about a quarter with LZ4. */
    private static byte[] value(int i) {
        String prefix = "{\"id\":" + i + ",\"event\":\"page_view\",\"pad\":\"";
        return (prefix + "a".repeat(100 - prefix.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static RecordFuture future() {
        return new RecordFuture(TOPIC, null, -1, 100, TS);
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null));
        PartitionState[] partitions = {new PartitionState(0, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0)};
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }

    private static List<DecodedRecord> decode(ProducerBatch b) {
        RecordBatchReader reader = new RecordBatchReader(b.wireBuffer().duplicate());
        reader.ensureValid();
        return reader.records();
    }
}
