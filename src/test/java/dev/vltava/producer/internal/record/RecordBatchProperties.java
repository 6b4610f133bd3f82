package dev.vltava.producer.internal.record;

import static dev.vltava.producer.internal.record.TestRecord.assertDecodedRecords;
import static dev.vltava.producer.internal.record.TestRecord.assertOfficialRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.record.TestRecord.TestHeader;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/** Random records through our writer must come out of the official reader unchanged, with a valid CRC. */
class RecordBatchProperties {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    @Property(tries = 300)
    void officialReaderReturnsWhatWeWrote(@ForAll("records") List<TestRecord> records,
            @ForAll CompressionType type, @ForAll boolean direct, @ForAll("producerIds") long producerId) {
        int capacity = RecordBatchLayout.HEADER_SIZE_IN_BYTES;
        for (TestRecord r : records) {
            capacity += RecordBatchWriter.estimateMaxSizeInBytes(r.key(), r.value(), r.headers());
        }
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        RecordBatchWriter writer = new RecordBatchWriter(buffer, BASE_TIMESTAMP, false);
        for (TestRecord r : records) {
            assertTrue(writer.tryAppend(r.timestamp(), r.key(), r.value(), r.headers()));
        }
        try (BatchCompressor compressor = Codecs.compressor(type)) {
            writer.seal(compressor);
        }
        boolean idempotent = producerId >= 0;
        writer.stamp(producerId, idempotent ? (short) 2 : (short) -1, idempotent ? 17 : -1, false);

        List<MutableRecordBatch> batches = TestRecord.officialBatches(writer.sealedBuffer());
        assertEquals(1, batches.size());
        MutableRecordBatch batch = batches.get(0);
        assertTrue(batch.isValid());
        assertEquals(producerId, batch.producerId());
        assertOfficialRecords(records, batch);
        assertDecodedRecords(records, new RecordBatchReader(writer.sealedBuffer()).records());
    }

    @Provide
    Arbitrary<Long> producerIds() {
        return Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<TestRecord>> records() {
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMaxSize(3000),
                Arbitraries.just(new byte[0]));
        Arbitrary<byte[]> nullableBytes = Arbitraries.oneOf(bytes, Arbitraries.just(null));
        Arbitrary<TestHeader> header = Combinators.combine(Arbitraries.strings().ofMaxLength(20), nullableBytes)
                .as(TestHeader::new);
        Arbitrary<TestHeader[]> headers = Arbitraries.oneOf(Arbitraries.just(null),
                header.array(TestHeader[].class).ofMaxSize(6));
        Arbitrary<Long> timestamps = Arbitraries.oneOf(
                Arbitraries.longs().between(BASE_TIMESTAMP - 100_000, BASE_TIMESTAMP + 100_000),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 2));
        return Combinators.combine(timestamps, nullableBytes, nullableBytes, headers).as(TestRecord::new)
                .list().ofMinSize(1).ofMaxSize(40);
    }
}
