package dev.vltava.producer.it.faults;

import dev.vltava.producer.Acks;
import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * acks=1 without idempotence, 5 requests in flight, small batches: a partition's records are stored in send order
 * when the first request to a topic just created fails while later ones would land, and when the leader moves under
 * pipelined requests (every one of them fails, and they are retried in send order, one at a time).
 */
@Timeout(90)
class OrderWithoutIdempotenceFaultsIT {
    private static final String TOPIC = "fresh";

    private static Producer<String, String> producer(MockBroker broker) {
        return MockProducers.builder(broker).enableIdempotence(false).acks(Acks.LEADER)
                .maxInFlightRequestsPerConnection(5).batchSizeBytes(64).build(); // one record per batch
    }

    @Test
    void theFirstRequestToATopicJustCreatedFailsAndTheRecordsBehindItStillLandInSendOrder() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = producer(broker)) {
            broker.onProduce().forPartition(TOPIC, 0).times(1).respondWith(Errors.NOT_LEADER_OR_FOLLOWER,
                    "the log is not created yet");
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "r", 20); // the topic does not exist yet: the records wait for it
            broker.createTopic(TOPIC, 1); // then all are ready at once, as on a topic just created
            sends.awaitAll();
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
        }
    }

    @ParameterizedTest(name = "KIP-951 hint={0}")
    @ValueSource(booleans = {true, false})
    void pipelinedRequestsToAMovedLeaderAreRetriedInSendOrder(boolean withHint) throws Exception {
        try (MockBroker broker = MockBroker.start(2); Producer<String, String> producer = producer(broker)) {
            broker.createTopic(TOPIC, 1);
            SendTracker sends = new SendTracker(producer);
            sends.send(TOPIC, 0, "first");
            sends.awaitAll(); // a first success: the partition pipelines
            broker.moveLeader(TOPIC, 0, 1, withHint); // the producer still thinks node 0 leads
            sends.sendMany(TOPIC, 0, "r", 20);
            sends.awaitAll();
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
        }
    }
}
