package dev.vltava.producer.internal.record;

import static dev.vltava.producer.internal.record.TestRecord.assertDecodedRecords;
import static dev.vltava.producer.internal.record.TestRecord.assertOfficialRecords;
import static dev.vltava.producer.internal.record.TestRecord.officialBatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.record.TestRecord.TestHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Batches written by our writer, read by the official client (and by our reader). */
class RecordBatchWriterTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    static Stream<Arguments> codecsAndLevels() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            cases.add(Arguments.of(type, type.defaultLevel()));
        }
        cases.add(Arguments.of(CompressionType.GZIP, 1));
        cases.add(Arguments.of(CompressionType.GZIP, 9));
        cases.add(Arguments.of(CompressionType.LZ4, 1));
        cases.add(Arguments.of(CompressionType.LZ4, 12));
        cases.add(Arguments.of(CompressionType.ZSTD, -1));
        cases.add(Arguments.of(CompressionType.ZSTD, 15));
        return cases.stream();
    }

    /** The edge cases of the brief, all in one batch. */
    static List<TestRecord> edgeCaseRecords() {
        Random random = new Random(1);
        byte[] key200 = new byte[200];
        byte[] key20k = new byte[20_000];
        random.nextBytes(key200);
        random.nextBytes(key20k);
        TestHeader[] manyHeaders = new TestHeader[300];
        for (int i = 0; i < manyHeaders.length; i++) {
            manyHeaders[i] = new TestHeader("h" + i, i % 3 == 0 ? null : ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        TestHeader[] unicode = {new TestHeader("ключ", bytes("значение")), new TestHeader("日本語キー", new byte[0]),
            new TestHeader("emoji😀", bytes("x")), new TestHeader("", bytes("empty key"))};
        List<TestRecord> records = new ArrayList<>();
        records.add(new TestRecord(BASE_TIMESTAMP, bytes("k0"), bytes("v0"), null));
        records.add(new TestRecord(BASE_TIMESTAMP + 5, null, bytes("null key"), new TestHeader[0]));
        records.add(new TestRecord(BASE_TIMESTAMP + 6, bytes("null value"), null, null));
        records.add(new TestRecord(BASE_TIMESTAMP + 7, new byte[0], new byte[0], null));
        records.add(new TestRecord(BASE_TIMESTAMP - 1_000_000, bytes("negative delta"), bytes("v"), null));
        records.add(new TestRecord(BASE_TIMESTAMP + 9, key200, bytes("key > 127 bytes"), manyHeaders));
        records.add(new TestRecord(BASE_TIMESTAMP + 10, key20k, key200, unicode));
        records.add(new TestRecord(BASE_TIMESTAMP + 86_400_000L * 365, null, null, null));
        for (int i = 0; i < 100; i++) {
            records.add(new TestRecord(BASE_TIMESTAMP + i, bytes("key-" + i), bytes("value ".repeat(i)), null));
        }
        return records;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static RecordBatchWriter write(ByteBuffer buffer, List<TestRecord> records) {
        RecordBatchWriter writer = new RecordBatchWriter(buffer, BASE_TIMESTAMP, false);
        for (TestRecord r : records) {
            assertTrue(writer.tryAppend(r.timestamp(), r.key(), r.value(), r.headers()), "record did not fit");
        }
        return writer;
    }

    static MutableRecordBatch onlyBatch(ByteBuffer sealed) {
        List<MutableRecordBatch> batches = officialBatches(sealed);
        assertEquals(1, batches.size());
        return batches.get(0);
    }

    @Test
    void layoutMatchesTheWireFormat() {
        assertEquals(DefaultRecordBatch.RECORD_BATCH_OVERHEAD, RecordBatchLayout.HEADER_SIZE_IN_BYTES);
        assertEquals(61, RecordBatchLayout.HEADER_SIZE_IN_BYTES);
        assertEquals(DefaultRecordBatch.CRC_OFFSET, RecordBatchLayout.CRC_OFFSET);
        assertEquals(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, RecordBatchLayout.LAST_OFFSET_DELTA_OFFSET);
        assertEquals(DefaultRecordBatch.RECORDS_COUNT_OFFSET, RecordBatchLayout.RECORDS_COUNT_OFFSET);
        int[] offsets = {RecordBatchLayout.BASE_OFFSET_OFFSET, RecordBatchLayout.LENGTH_OFFSET,
            RecordBatchLayout.PARTITION_LEADER_EPOCH_OFFSET, RecordBatchLayout.MAGIC_OFFSET, RecordBatchLayout.CRC_OFFSET,
            RecordBatchLayout.ATTRIBUTES_OFFSET, RecordBatchLayout.LAST_OFFSET_DELTA_OFFSET,
            RecordBatchLayout.BASE_TIMESTAMP_OFFSET, RecordBatchLayout.MAX_TIMESTAMP_OFFSET,
            RecordBatchLayout.PRODUCER_ID_OFFSET, RecordBatchLayout.PRODUCER_EPOCH_OFFSET,
            RecordBatchLayout.BASE_SEQUENCE_OFFSET, RecordBatchLayout.RECORDS_COUNT_OFFSET,
            RecordBatchLayout.RECORDS_OFFSET};
        assertArrayEquals(new int[] {0, 8, 12, 16, 17, 21, 23, 27, 35, 43, 51, 53, 57, 61}, offsets);
        assertEquals(2, RecordBatchLayout.MAGIC);
        assertEquals(RecordBatch.NO_PRODUCER_ID, RecordBatchLayout.NO_PRODUCER_ID);
        assertEquals(RecordBatch.NO_PRODUCER_EPOCH, RecordBatchLayout.NO_PRODUCER_EPOCH);
        assertEquals(RecordBatch.NO_SEQUENCE, RecordBatchLayout.NO_SEQUENCE);
    }

    @ParameterizedTest
    @MethodSource("codecsAndLevels")
    void officialReaderSeesEveryEdgeCase(CompressionType type, int level) {
        List<TestRecord> records = edgeCaseRecords();
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(1 << 20) : ByteBuffer.allocate(1 << 20);
            RecordBatchWriter writer = write(buffer, records);
            try (BatchCompressor compressor = Codecs.compressor(type, level)) {
                writer.seal(compressor);
            }
            writer.stamp(-1, (short) -1, -1, false);
            MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
            assertEquals(type.id(), batch.compressionType().id, "compressible batch should use the codec");
            assertEquals(writer.sizeInBytes(), batch.sizeInBytes());
            assertEquals(type == CompressionType.NONE, writer.sizeInBytes() == writer.uncompressedSizeInBytes());
            assertEquals(RecordBatch.MAGIC_VALUE_V2, batch.magic());
            assertEquals(TimestampType.CREATE_TIME, batch.timestampType());
            assertEquals(BASE_TIMESTAMP + 86_400_000L * 365, batch.maxTimestamp());
            assertEquals(records.size() - 1, batch.lastOffset());
            assertEquals(records.size(), batch.countOrNull());
            assertFalse(batch.hasProducerId());
            assertFalse(batch.isTransactional());
            assertFalse(batch.isControlBatch());
            assertEquals(RecordBatch.NO_PARTITION_LEADER_EPOCH, batch.partitionLeaderEpoch());
            assertOfficialRecords(records, batch);

            RecordBatchReader ours = new RecordBatchReader(writer.sealedBuffer());
            ours.ensureValid();
            assertEquals(type, ours.compressionType());
            assertDecodedRecords(records, ours.records());
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void incompressibleRecordsStayUncompressed(CompressionType type) {
        byte[] random = new byte[50_000];
        new Random(3).nextBytes(random);
        List<TestRecord> records = List.of(new TestRecord(BASE_TIMESTAMP, null, random, null));
        RecordBatchWriter writer = write(ByteBuffer.allocate(60_000), records);
        writer.seal(Codecs.compressor(type));
        writer.stamp(-1, (short) -1, -1, false);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        assertEquals(CompressionType.NONE.id(), batch.compressionType().id);
        assertEquals(CompressionType.NONE, writer.compressionType());
        assertEquals(writer.uncompressedSizeInBytes(), writer.sizeInBytes());
        assertOfficialRecords(records, batch);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void highlyCompressibleRecordsShrink(CompressionType type) {
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(new TestRecord(BASE_TIMESTAMP + i, bytes("same key"), new byte[1000], null));
        }
        RecordBatchWriter writer = write(ByteBuffer.allocate(600_000), records);
        writer.seal(Codecs.compressor(type));
        writer.stamp(7, (short) 1, 0, false);
        assertTrue(writer.sizeInBytes() * 10 < writer.uncompressedSizeInBytes(),
                type + ": " + writer.sizeInBytes() + " of " + writer.uncompressedSizeInBytes());
        assertOfficialRecords(records, onlyBatch(writer.sealedBuffer()));
    }

    @Test
    void singleRecordBatch() {
        List<TestRecord> records = List.of(new TestRecord(BASE_TIMESTAMP + 3, bytes("k"), bytes("v"),
                new TestHeader[] {new TestHeader("a", bytes("b"))}));
        RecordBatchWriter writer = write(ByteBuffer.allocate(128), records);
        writer.seal(null);
        writer.stamp(-1, (short) -1, -1, false);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        assertEquals(0, batch.lastOffset());
        assertEquals(BASE_TIMESTAMP + 3, batch.maxTimestamp());
        assertOfficialRecords(records, batch);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void fillingTheBufferToCapacity(CompressionType type) {
        int capacity = 16 * 1024;
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        RecordBatchWriter writer = new RecordBatchWriter(buffer, BASE_TIMESTAMP, false);
        List<TestRecord> appended = new ArrayList<>();
        Random random = new Random(5);
        while (true) {
            byte[] value = new byte[random.nextInt(300)];
            random.nextBytes(value);
            TestRecord r = new TestRecord(BASE_TIMESTAMP + appended.size(), bytes("k" + appended.size()), value, null);
            int expectedSize = RecordBatchWriter.sizeOfRecord(appended.size(), r.timestamp() - BASE_TIMESTAMP, r.key(),
                    r.value(), null);
            byte[] before = buffer.array().clone();
            int sizeBefore = writer.sizeInBytes();
            if (!writer.tryAppend(r.timestamp(), r.key(), r.value(), null)) {
                assertTrue(expectedSize > capacity - sizeBefore);
                assertArrayEquals(before, buffer.array(), "a refused append wrote bytes");
                assertEquals(sizeBefore, writer.sizeInBytes());
                break;
            }
            assertEquals(sizeBefore + expectedSize, writer.sizeInBytes(), "sizeOfRecord is exact");
            assertEquals(capacity - writer.sizeInBytes(), writer.remainingCapacity());
            appended.add(r);
        }
        assertEquals(appended.size(), writer.recordCount());
        writer.seal(Codecs.compressor(type));
        writer.stamp(-1, (short) -1, -1, false);
        assertOfficialRecords(appended, onlyBatch(writer.sealedBuffer()));
    }

    @Test
    void recordThatExactlyFillsTheBufferIsAccepted() {
        byte[] value = new byte[1000];
        int size = RecordBatchWriter.sizeOfRecord(0, 0, null, value, null);
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(61 + size), BASE_TIMESTAMP, false);
        assertTrue(writer.tryAppend(BASE_TIMESTAMP, null, value, null));
        assertEquals(0, writer.remainingCapacity());
        RecordBatchWriter tooSmall = new RecordBatchWriter(ByteBuffer.allocate(60 + size), BASE_TIMESTAMP, false);
        assertFalse(tooSmall.tryAppend(BASE_TIMESTAMP, null, value, null));
        assertTrue(tooSmall.isEmpty());
    }

    @Test
    void sizeOfRecordMatchesTheOfficialComputation() {
        Random random = new Random(9);
        for (TestRecord r : edgeCaseRecords()) {
            int offsetDelta = random.nextInt(100_000);
            long timestampDelta = r.timestamp() - BASE_TIMESTAMP;
            assertEquals(DefaultRecord.sizeInBytes(offsetDelta, timestampDelta,
                    r.key() == null ? null : ByteBuffer.wrap(r.key()),
                    r.value() == null ? null : ByteBuffer.wrap(r.value()), r.officialHeaders()),
                    RecordBatchWriter.sizeOfRecord(offsetDelta, timestampDelta, r.key(), r.value(), r.headers()));
        }
    }

    @Test
    void estimateMaxSizeBoundsAOneRecordBatchWhateverItsTimestamp() {
        for (TestRecord r : edgeCaseRecords()) {
            int estimate = RecordBatchWriter.estimateMaxSizeInBytes(r.key(), r.value(), r.headers());
            for (long timestamp : new long[] {BASE_TIMESTAMP, Long.MAX_VALUE, Long.MIN_VALUE + BASE_TIMESTAMP}) {
                RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(estimate), BASE_TIMESTAMP, false);
                assertTrue(writer.tryAppend(timestamp, r.key(), r.value(), r.headers()));
                assertTrue(estimate - writer.sizeInBytes() <= 5 + 9 + 4, "estimate is tight enough");
            }
        }
    }

    @Test
    void sizesSaturateInsteadOfOverflowing() {
        RecordHeader[] headers = new RecordHeader[40];
        java.util.Arrays.fill(headers, new TestHeader("k", new byte[64 << 20])); // 2.5 GiB of header values
        assertEquals(Integer.MAX_VALUE, RecordBatchWriter.estimateMaxSizeInBytes(null, null, headers));
        assertEquals(Integer.MAX_VALUE, RecordBatchWriter.sizeOfRecord(0, 0, null, null, headers));
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(1024), BASE_TIMESTAMP, false);
        assertFalse(writer.tryAppend(BASE_TIMESTAMP, null, null, headers));
    }

    @Test
    void stampWritesProducerStateAndCanBeRepeated() {
        List<TestRecord> records = edgeCaseRecords().subList(50, 55); // compressible ones
        RecordBatchWriter writer = write(ByteBuffer.allocate(4096), records);
        writer.seal(Codecs.compressor(CompressionType.LZ4));
        writer.stamp(1234L, (short) 5, 100, true);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        batch.ensureValid();
        assertEquals(1234L, batch.producerId());
        assertEquals(5, batch.producerEpoch());
        assertEquals(100, batch.baseSequence());
        assertEquals(104, batch.lastSequence());
        assertTrue(batch.isTransactional());
        long firstCrc = batch.checksum();

        // an epoch bump rewrites the producer state; the CRC follows
        writer.stamp(1234L, (short) 6, 0, false);
        MutableRecordBatch rebumped = onlyBatch(writer.sealedBuffer());
        rebumped.ensureValid();
        assertEquals(6, rebumped.producerEpoch());
        assertEquals(0, rebumped.baseSequence());
        assertFalse(rebumped.isTransactional());
        assertNotEquals(firstCrc, rebumped.checksum());
        assertEquals(CompressionType.LZ4.id(), rebumped.compressionType().id);
        assertOfficialRecords(records, rebumped);
    }

    @Test
    void partitionLeaderEpochIsOutsideTheCrc() {
        RecordBatchWriter writer = write(ByteBuffer.allocate(4096), edgeCaseRecords().subList(0, 3));
        writer.seal(null);
        writer.stamp(-1, (short) -1, -1, false);
        writer.setPartitionLeaderEpoch(42);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        batch.ensureValid();
        assertEquals(42, batch.partitionLeaderEpoch());
    }

    @Test
    void logAppendTimeSetsTheTimestampTypeBit() {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(256), BASE_TIMESTAMP, true);
        assertTrue(writer.tryAppend(BASE_TIMESTAMP + 1, null, bytes("v"), null));
        writer.seal(null);
        writer.stamp(-1, (short) -1, -1, false);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        batch.ensureValid();
        assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
        assertTrue(new RecordBatchReader(writer.sealedBuffer()).isLogAppendTime());
    }

    @Test
    void lifeCycleIsEnforced() {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(256), BASE_TIMESTAMP, false);
        assertThrows(IllegalStateException.class, () -> writer.stamp(-1, (short) -1, -1, false));
        assertThrows(IllegalStateException.class, writer::sealedBuffer);
        assertTrue(writer.tryAppend(BASE_TIMESTAMP, null, null, null));
        writer.seal(null);
        assertThrows(IllegalStateException.class, writer::sealedBuffer);
        assertThrows(IllegalStateException.class, () -> writer.seal(null));
        assertThrows(IllegalStateException.class, () -> writer.tryAppend(BASE_TIMESTAMP, null, null, null));
        assertEquals(0, writer.remainingCapacity());
        writer.stamp(-1, (short) -1, -1, false);
        ByteBuffer view = writer.sealedBuffer();
        assertTrue(view.isReadOnly());
        assertEquals(0, view.position());
        assertEquals(writer.sizeInBytes(), view.limit());
        assertThrows(IllegalArgumentException.class,
                () -> new RecordBatchWriter(ByteBuffer.allocate(60), BASE_TIMESTAMP, false));
        assertThrows(NullPointerException.class, () -> new RecordBatchWriter(ByteBuffer.allocate(100), 0, false)
                .tryAppend(0, null, null, new RecordHeader[] {new TestHeader(null, null)}));
    }

    @Test
    void resetReusesTheWriterForANewBatch() {
        RecordBatchWriter writer = write(ByteBuffer.allocate(4096), edgeCaseRecords().subList(0, 4));
        writer.seal(Codecs.compressor(CompressionType.GZIP));
        writer.stamp(1, (short) 0, 0, false);
        ByteBuffer second = ByteBuffer.allocate(4096);
        second.position(100).limit(200); // a pooled buffer in any state
        writer.reset(second, BASE_TIMESTAMP + 50);
        assertTrue(writer.isEmpty());
        assertFalse(writer.isSealed());
        List<TestRecord> records = List.of(new TestRecord(BASE_TIMESTAMP + 60, bytes("x"), bytes("y"), null));
        assertTrue(writer.tryAppend(BASE_TIMESTAMP + 60, bytes("x"), bytes("y"), null));
        writer.seal(null);
        writer.stamp(2, (short) 0, 4, false);
        MutableRecordBatch batch = onlyBatch(writer.sealedBuffer());
        assertEquals(2, batch.producerId());
        assertEquals(CompressionType.NONE.id(), batch.compressionType().id);
        assertOfficialRecords(records, batch);
    }

    @Test
    void emptyBatchIsStillAWellFormedBatch() {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(100), BASE_TIMESTAMP, false);
        writer.seal(Codecs.compressor(CompressionType.ZSTD));
        writer.stamp(-1, (short) -1, -1, false);
        assertEquals(61, writer.sizeInBytes());
        RecordBatchReader reader = new RecordBatchReader(writer.sealedBuffer());
        reader.ensureValid();
        assertEquals(0, reader.records().size());
        onlyBatch(writer.sealedBuffer()).ensureValid();
    }

    @Test
    void appendingAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean)
                || !((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemorySupported()) {
            return; // cannot measure on this JVM
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        byte[] key = bytes("key");
        byte[] value = new byte[100];
        RecordHeader[] headers = {new TestHeader("trace-id", bytes("abc")), new TestHeader("ünïcödé", null)};
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(1 << 20), BASE_TIMESTAMP, false);
        for (int i = 0; i < 2000; i++) { // warm up (and fill once)
            writer.tryAppend(BASE_TIMESTAMP + i, key, value, headers);
        }
        writer.reset(writer.buffer(), BASE_TIMESTAMP);
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        int appended = 0;
        for (int i = 0; i < 5000; i++) {
            if (writer.tryAppend(BASE_TIMESTAMP + i, key, value, headers)) {
                appended++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertEquals(5000, appended);
        // a few hundred bytes of slack for the measurement itself; one allocation per record would be > 80 KB
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 5000 appends");
    }
}
