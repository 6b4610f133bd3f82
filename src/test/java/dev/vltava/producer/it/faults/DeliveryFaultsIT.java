package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.testkit.mock.MockBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** delivery.timeout.ms ends retrying with a timeout that says where, how many, how long and why; leaders move. */
@Timeout(90)
class DeliveryFaultsIT {
    private static final String TOPIC = "delivery";

    @Test
    void deliveryTimeoutNamesPartitionRecordCountTimeAndLastError() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .requestTimeoutMs(1_000).deliveryTimeoutMs(1_500).lingerMs(0).build()) {
            broker.createTopic(TOPIC, 2);
            broker.onProduce().forPartition(TOPIC, 0).always().respondWith(Errors.NOT_ENOUGH_REPLICAS);
            SendTracker sends = new SendTracker(producer);
            int stuck = sends.send(TOPIC, 0, "stuck");
            int fine = sends.send(TOPIC, 1, "fine");
            TimeoutException e = assertInstanceOf(TimeoutException.class, sends.failure(stuck));
            assertEquals(TimeoutException.What.DELIVERY, e.what());
            String m = e.getMessage();
            assertTrue(m.contains(TOPIC + "-0"), m);
            assertTrue(m.contains("1 record"), m);
            assertTrue(m.contains("delivery.timeout.ms=1500"), m);
            assertTrue(m.contains("NOT_ENOUGH_REPLICAS"), "last error: " + m);
            assertFalse(sends.future(fine).isCompletedExceptionally());
            sends.assertCallbacksOncePerRecordInSendOrder();
            assertTrue(broker.records(TOPIC, 0).isEmpty());
            assertTrue(broker.requestCount(ApiKeys.PRODUCE) > 3, "it was retried until the deadline");
        }
    }

    @Test
    void stalledBrokerPastDeliveryTimeoutFailsAndTheNextRecordsLand() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .requestTimeoutMs(1_000).deliveryTimeoutMs(1_200).build()) {
            broker.createTopic(TOPIC, 1);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "warm", 2);
            sends.awaitAll();
            broker.onProduce().times(2).stall();
            int lost = sends.send(TOPIC, 0, "lost");
            TimeoutException e = assertInstanceOf(TimeoutException.class, sends.failure(lost));
            assertEquals(TimeoutException.What.DELIVERY, e.what());
            sends.sendMany(TOPIC, 0, "after", 3);
            sends.awaitAll();
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            assertEquals(5, broker.records(TOPIC, 0).size());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leaderMoveToAnotherNodeIsFollowed(boolean withKip951Hint) throws Exception {
        try (MockBroker broker = MockBroker.start(2); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 1);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "on-0", 5);
            sends.awaitAll();
            broker.moveLeader(TOPIC, 0, 1, withKip951Hint);
            sends.sendMany(TOPIC, 0, "on-1", 20);
            sends.awaitAll();
            for (int i = 0; i < sends.size(); i++) {
                assertFalse(sends.future(i).isCompletedExceptionally(), "record " + i);
            }
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            assertTrue(broker.requestCount(1, ApiKeys.PRODUCE) > 0, "re-routed to the new leader");
        }
    }
}
