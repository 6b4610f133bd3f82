package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The completion thread stores into each record before completing its batch (it claims the record's cache line for
 * writing: {@code PendingRecord.claimLineForCompletion}); what the caller's metadata reports of the record (its
 * serialized sizes, timestamp, offset) must come through unchanged, on the completion thread as on the caller's.
 */
class CompletionKeepsRecordFieldsTest {
    private static final TopicPartition TP = new TopicPartition("t", 2);

    @Test
    void metadataCarriesEachRecordsOwnSizesAndTimestampOnTheCompletionThread() throws Exception {
        try (Completions completions = new Completions("fields-test")) {
            checkCompletion(completions);
        }
    }

    @Test
    void metadataCarriesEachRecordsOwnSizesAndTimestampWhenTheCallerCompletes() throws Exception {
        checkCompletion(Completions.callerRuns());
    }

    private static void checkCompletion(Completions completions) throws Exception {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(8192), 5_000L, false, 0L);
        List<RecordFuture> futures = new ArrayList<>();
        int[] keySizes = {-1, 0, 3, 17, 250};
        for (int i = 0; i < keySizes.length; i++) {
            byte[] key = keySizes[i] < 0 ? null : new byte[keySizes[i]];
            byte[] value = i == 1 ? null : new byte[10 + i];
            long timestamp = 5_000L + 7 * i;
            RecordFuture f = new RecordFuture(TP.topic(), null, key == null ? -1 : key.length,
                    value == null ? -1 : value.length, timestamp);
            assertTrue(batch.tryAppend(timestamp, key, value, new RecordHeader[0], f));
            futures.add(f);
        }

        assertTrue(batch.complete(40L, -1L, completions, AckListener.NONE));
        assertTrue(batch.awaitDone(20, TimeUnit.SECONDS));

        for (int i = 0; i < keySizes.length; i++) {
            RecordMetadata md = futures.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(keySizes[i], md.serializedKeySize(), "record " + i + "'s key size");
            assertEquals(i == 1 ? -1 : 10 + i, md.serializedValueSize(), "record " + i + "'s value size");
            assertEquals(5_000L + 7 * i, md.timestamp(), "record " + i + "'s timestamp");
            assertEquals(40L + i, md.offset(), "record " + i + "'s offset");
            assertEquals(TP.partition(), md.partition());
        }
    }
}
