package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.StoredRecord;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker's sequence checks: duplicates are success, lost producer state means a new producer id. */
@Timeout(90)
class IdempotenceFaultsIT {
    private static final String TOPIC = "idem";

    @Test
    void duplicateSequenceNumberAnswerIsSuccessAndNothingIsStoredTwice() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 1).answerDuplicatesWithError(true);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "warm", 2);
            sends.awaitAll();
            // Stored, but the answer is lost: the retry is a duplicate, answered DUPLICATE_SEQUENCE_NUMBER.
            broker.onProduce().dropConnectionAfterHandling();
            int r = sends.send(TOPIC, 0, "once");
            sends.awaitAll();
            assertFalse(sends.future(r).isCompletedExceptionally(), "DUPLICATE_SEQUENCE_NUMBER is success");
            assertTrue(broker.events().stream().anyMatch(e -> e.contains("DUPLICATE_SEQUENCE_NUMBER")),
                    "the broker saw the duplicate: " + broker.events());
            sends.assertCallbacksOncePerRecordInSendOrder();
            assertEquals(List.of("warm-0", "warm-1", "once"), values(broker.records(TOPIC, 0)));
        }
    }

    @Test
    void duplicateAnsweredWithTheOriginalOffsetReportsThatOffset() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 1);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "warm", 3);
            sends.awaitAll();
            broker.onProduce().stallAfterHandling(); // stored; the client times out and sends it again
            int r = sends.send(TOPIC, 0, "once");
            assertEquals(3, sends.future(r).get().offset());
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            sends.assertCallbacksOncePerRecordInSendOrder();
        }
    }

    @Test
    void lostProducerStateLeadsToANewProducerIdAndRecordsLandOnce() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 2);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "a", 5);
            sends.sendMany(TOPIC, 1, "b", 5);
            sends.awaitAll();
            broker.loseProducerState();
            sends.sendMany(TOPIC, 0, "c", 5);
            sends.sendMany(TOPIC, 1, "d", 5);
            sends.awaitAll();
            for (int i = 0; i < sends.size(); i++) {
                assertFalse(sends.future(i).isCompletedExceptionally(), "record " + i);
            }
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            assertEquals(2, broker.requestCount(ApiKeys.INIT_PRODUCER_ID), "one new producer id");
            List<StoredRecord> p0 = broker.records(TOPIC, 0);
            assertNotEquals(p0.get(0).producerId(), p0.get(9).producerId());
            assertEquals(0, p0.get(5).sequence(), "the new id starts at sequence 0");
            assertTrue(broker.events().stream().anyMatch(e -> e.contains(Errors.UNKNOWN_PRODUCER_ID.name())),
                    broker.events().toString());
        }
    }

    private static List<String> values(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::valueString).toList();
    }
}
