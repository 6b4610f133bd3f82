package dev.vltava.producer.internal.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/** A record to write with our writer and compare with what the official reader returns. */
record TestRecord(long timestamp, byte[] key, byte[] value, TestHeader[] headers) {

    record TestHeader(String key, byte[] value) implements RecordHeader {
        org.apache.kafka.common.header.internals.RecordHeader toOfficial() {
            return new org.apache.kafka.common.header.internals.RecordHeader(key, value);
        }
    }

    Header[] officialHeaders() {
        return headers == null ? new Header[0]
                : Arrays.stream(headers).map(TestHeader::toOfficial).toArray(Header[]::new);
    }

    /** Every batch in the buffer, as parsed by the official client. */
    static List<MutableRecordBatch> officialBatches(ByteBuffer buffer) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(batches::add);
        return batches;
    }

    /** Asserts that the official reader sees exactly these records, at offsets 0..n-1. */
    static void assertOfficialRecords(List<TestRecord> expected, MutableRecordBatch batch) {
        batch.ensureValid();
        assertTrue(batch.isValid());
        List<Record> actual = new ArrayList<>();
        batch.forEach(actual::add);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            TestRecord want = expected.get(i);
            Record got = actual.get(i);
            got.ensureValid();
            assertEquals(i, got.offset());
            assertEquals(want.timestamp(), got.timestamp(), "timestamp of record " + i);
            assertBytes(want.key(), got.key(), "key of record " + i);
            assertBytes(want.value(), got.value(), "value of record " + i);
            Header[] gotHeaders = got.headers();
            int wantCount = want.headers() == null ? 0 : want.headers().length;
            assertEquals(wantCount, gotHeaders.length);
            for (int h = 0; h < wantCount; h++) {
                assertEquals(want.headers()[h].key(), gotHeaders[h].key());
                assertArrayEquals(want.headers()[h].value(), gotHeaders[h].value());
            }
        }
    }

    /** Asserts that our reader's records equal these. */
    static void assertDecodedRecords(List<TestRecord> expected, List<DecodedRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            TestRecord want = expected.get(i);
            DecodedRecord got = actual.get(i);
            assertEquals(i, got.offset());
            assertEquals(want.timestamp(), got.timestamp());
            assertArrayEquals(want.key(), got.key());
            assertArrayEquals(want.value(), got.value());
            int wantCount = want.headers() == null ? 0 : want.headers().length;
            assertEquals(wantCount, got.headers().size());
            for (int h = 0; h < wantCount; h++) {
                assertEquals(want.headers()[h].key(), got.headers().get(h).key());
                assertArrayEquals(want.headers()[h].value(), got.headers().get(h).value());
            }
        }
    }

    private static void assertBytes(byte[] expected, ByteBuffer actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertFalse(actual == null, what + " is null");
        byte[] bytes = new byte[actual.remaining()];
        actual.duplicate().get(bytes);
        assertArrayEquals(expected, bytes, what);
    }
}
