package dev.vltava.producer.internal.record;

import static dev.vltava.producer.internal.record.TestRecord.assertDecodedRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.CompressionType;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches written by the official client, read by ours. */
class RecordBatchReaderTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    static Compression official(CompressionType type) {
        switch (type) {
            case NONE:
                return Compression.NONE;
            case GZIP:
                return Compression.gzip().build();
            case SNAPPY:
                return Compression.snappy().build();
            case LZ4:
                return Compression.lz4().build();
            case ZSTD:
                return Compression.zstd().build();
            default:
                throw new AssertionError(type);
        }
    }

    static ByteBuffer officialBatch(CompressionType type, List<TestRecord> records, long producerId, short epoch,
            int baseSequence, boolean transactional) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, official(type),
                TimestampType.CREATE_TIME, 0L, records.get(0).timestamp(), producerId, epoch, baseSequence,
                transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (TestRecord r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.officialHeaders());
        }
        return builder.build().buffer();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void readsOfficialBatchesOfEveryCodec(CompressionType type) {
        List<TestRecord> records = RecordBatchWriterTest.edgeCaseRecords();
        ByteBuffer buffer = officialBatch(type, records, -1, (short) -1, -1, false);
        List<RecordBatchReader> batches = RecordBatchReader.readAll(buffer);
        assertEquals(1, batches.size());
        RecordBatchReader batch = batches.get(0);
        batch.ensureValid();
        assertEquals(type, batch.compressionType());
        assertEquals(buffer.remaining(), batch.sizeInBytes());
        assertEquals(records.size(), batch.recordCount());
        assertEquals(records.size() - 1, batch.lastOffsetDelta());
        assertEquals(RecordBatchLayout.NO_PRODUCER_ID, batch.producerId());
        assertEquals(2, batch.magic());
        assertDecodedRecords(records, batch.records());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void readsIdempotentAndTransactionalState(CompressionType type) {
        List<TestRecord> records = RecordBatchWriterTest.edgeCaseRecords().subList(10, 30);
        RecordBatchReader batch = new RecordBatchReader(officialBatch(type, records, 77L, (short) 3, 1000, true));
        batch.ensureValid();
        assertEquals(77L, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(1000, batch.baseSequence());
        assertTrue(batch.isTransactional());
        assertFalse(batch.isControl());
        assertDecodedRecords(records, batch.records());
    }

    @Test
    void readsBatchesBuiltWithWithRecords() {
        MemoryRecords memoryRecords = MemoryRecords.withRecords(Compression.lz4().build(),
                new SimpleRecord(BASE_TIMESTAMP, "k".getBytes(), "v".getBytes()),
                new SimpleRecord(BASE_TIMESTAMP + 1, null, "w".getBytes()));
        RecordBatchReader batch = new RecordBatchReader(memoryRecords.buffer());
        batch.ensureValid();
        List<DecodedRecord> records = batch.records();
        assertEquals(2, records.size());
        assertEquals(BASE_TIMESTAMP + 1, records.get(1).timestamp());
        assertEquals(null, records.get(1).key());
    }

    @Test
    void readAllWalksConsecutiveBatches() {
        List<TestRecord> records = RecordBatchWriterTest.edgeCaseRecords().subList(0, 3);
        ByteBuffer a = officialBatch(CompressionType.GZIP, records, -1, (short) -1, -1, false);
        ByteBuffer b = officialBatch(CompressionType.NONE, records, -1, (short) -1, -1, false);
        ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a.duplicate()).put(b.duplicate())
                .flip();
        List<RecordBatchReader> batches = RecordBatchReader.readAll(both);
        assertEquals(2, batches.size());
        assertEquals(CompressionType.GZIP, batches.get(0).compressionType());
        assertEquals(CompressionType.NONE, batches.get(1).compressionType());
        assertEquals(0, both.position(), "the buffer is not modified");
    }

    @Test
    void detectsCorruption() {
        List<TestRecord> records = RecordBatchWriterTest.edgeCaseRecords().subList(0, 3);
        ByteBuffer buffer = officialBatch(CompressionType.NONE, records, -1, (short) -1, -1, false);
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 1));
        RecordBatchReader batch = new RecordBatchReader(buffer);
        assertFalse(batch.isCrcValid());
        assertThrows(InvalidRecordBatchException.class, batch::ensureValid);

        ByteBuffer truncated = officialBatch(CompressionType.NONE, records, -1, (short) -1, -1, false);
        truncated.limit(truncated.limit() - 1);
        assertThrows(InvalidRecordBatchException.class, () -> new RecordBatchReader(truncated));

        ByteBuffer badCount = officialBatch(CompressionType.NONE, records, -1, (short) -1, -1, false);
        badCount.putInt(RecordBatchLayout.RECORDS_COUNT_OFFSET, 4);
        assertThrows(InvalidRecordBatchException.class, () -> new RecordBatchReader(badCount).records());

        ByteBuffer badCodec = officialBatch(CompressionType.ZSTD, records, -1, (short) -1, -1, false);
        badCodec.put(RecordBatchLayout.RECORDS_OFFSET + 1, (byte) 0x55); // break the zstd magic
        assertThrows(InvalidRecordBatchException.class, () -> new RecordBatchReader(badCodec).records());
    }
}
