package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.InvalidTopicException;
import dev.vltava.producer.Producer;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.testkit.mock.MockBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A non-retriable produce error fails that batch at once (one attempt) with a typed exception naming the partition
 * and the cause; records sent after it to the same partition still land, in order.
 */
@Timeout(90)
class FatalFaultsIT {
    private static final String TOPIC = "fatal";

    @ParameterizedTest
    @EnumSource(value = Errors.class, names = {"MESSAGE_TOO_LARGE", "INVALID_TOPIC_EXCEPTION",
        "TOPIC_AUTHORIZATION_FAILED", "CORRUPT_MESSAGE", "UNSUPPORTED_VERSION", "RECORD_LIST_TOO_LARGE",
        "INVALID_RECORD"})
    void fatalErrorFailsTheBatchOnceAndLaterRecordsLand(Errors error) throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 1);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "before", 3);
            sends.awaitAll();
            int producesBefore = broker.requestCount(ApiKeys.PRODUCE);
            broker.onProduce().forPartition(TOPIC, 0).respondWith(error, "scripted " + error.name());
            int bad = sends.send(TOPIC, 0, "bad");
            Throwable e = sends.failure(bad);
            assertEquals(producesBefore + 1, broker.requestCount(ApiKeys.PRODUCE), "no retry of a fatal error");
            assertTypedFor(error, e);
            assertTrue(e.getMessage().contains(TOPIC + "-0"), "names the partition: " + e.getMessage());
            assertTrue(e.getMessage().contains(error.name()), "names the cause: " + e.getMessage());
            assertFalse(((VltavaException) e).isRetriable(), e.getMessage());

            sends.sendMany(TOPIC, 0, "after", 3);
            sends.awaitAll();
            for (int i = 0; i < sends.size(); i++) {
                assertEquals(i == bad, sends.future(i).isCompletedExceptionally(), "record " + i);
            }
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
        }
    }

    private static void assertTypedFor(Errors error, Throwable e) {
        switch (error) {
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> assertInstanceOf(RecordTooLargeException.class, e);
            case INVALID_TOPIC_EXCEPTION -> assertInstanceOf(InvalidTopicException.class, e);
            case TOPIC_AUTHORIZATION_FAILED -> assertEquals(AuthorizationException.ResourceType.TOPIC,
                    assertInstanceOf(AuthorizationException.class, e).resourceType());
            default -> assertEquals(error.code(), assertInstanceOf(BrokerException.class, e).errorCode(),
                    e.getMessage());
        }
    }

    @Test
    void clusterAuthorizationFailureOnInitProducerIdFailsEverySend() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 1);
            broker.onInitProducerId().respondWith(Errors.CLUSTER_AUTHORIZATION_FAILED);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "r", 3);
            for (int i = 0; i < 3; i++) {
                AuthorizationException e = assertInstanceOf(AuthorizationException.class, sends.failure(i));
                assertEquals(AuthorizationException.ResourceType.CLUSTER, e.resourceType());
                assertTrue(e.getMessage().contains("CLUSTER_AUTHORIZATION_FAILED"), e.getMessage());
            }
            int later = sends.send(TOPIC, 0, "later");
            assertInstanceOf(AuthorizationException.class, sends.failure(later), "the producer stays failed");
            sends.assertCallbacksOncePerRecordInSendOrder();
            assertEquals(0, broker.requestCount(ApiKeys.PRODUCE));
            assertTrue(broker.records(TOPIC, 0).isEmpty());
        }
    }

    @Test
    void brokerTooOldForProduceV3FailsWithUnsupportedVersion() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer =
                MockProducers.builder(broker).enableIdempotence(false).build()) {
            broker.createTopic(TOPIC, 1).maxVersion(ApiKeys.PRODUCE, 2);
            SendTracker sends = new SendTracker(producer);
            int r = sends.send(TOPIC, 0, "r");
            BrokerException e = assertInstanceOf(BrokerException.class, sends.failure(r));
            assertEquals("UNSUPPORTED_VERSION", e.errorName());
            assertTrue(e.getMessage().contains("v2"), e.getMessage());
            sends.assertCallbacksOncePerRecordInSendOrder();
        }
    }
}
