package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.Script;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every retriable failure of a produce request is retried, and the records land exactly once and in order, with one
 * callback each in send order — also while other batches of the partition are pipelined behind the failed one.
 */
@Timeout(90)
class RetriableFaultsIT {
    private static final String TOPIC = "retriable";

    @ParameterizedTest
    @EnumSource(value = Errors.class, names = {"NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE",
        "NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "REQUEST_TIMED_OUT", "NETWORK_EXCEPTION",
        "UNKNOWN_TOPIC_OR_PARTITION", "KAFKA_STORAGE_ERROR"})
    void retriableErrorCodeIsRetried(Errors error) throws Exception {
        runWithFault(s -> s.times(3).respondWith(error));
    }

    enum ConnectionFault {
        DROP_BEFORE_HANDLING(Script::dropConnectionBeforeHandling),
        DROP_AFTER_HANDLING(Script::dropConnectionAfterHandling),
        HALF_RESPONSE(Script::halfResponseThenClose),
        GARBAGE_RESPONSE(Script::garbageResponse),
        STALL_PAST_REQUEST_TIMEOUT(Script::stall),
        STALL_AFTER_HANDLING(Script::stallAfterHandling);

        final Consumer<Script> script;

        ConnectionFault(Consumer<Script> script) {
            this.script = script;
        }
    }

    @ParameterizedTest
    @EnumSource(ConnectionFault.class)
    void connectionFaultIsRetriedWithoutLossOrDuplicates(ConnectionFault fault) throws Exception {
        runWithFault(fault.script);
    }

    /** 5 records per partition succeed first (so batches pipeline), then partition 0 misbehaves under 20 more each. */
    private static void runWithFault(Consumer<Script> fault) throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer =
                MockProducers.builder(broker).batchSizeBytes(200).build()) {
            broker.createTopic(TOPIC, 2);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "warm-a", 5);
            sends.sendMany(TOPIC, 1, "warm-b", 5);
            sends.awaitAll();
            fault.accept(broker.onProduce().forPartition(TOPIC, 0));
            for (int i = 0; i < 20; i++) {
                sends.send(TOPIC, 0, "a-" + i);
                sends.send(TOPIC, 1, "b-" + i);
            }
            sends.awaitAll();
            sends.assertCallbacksOncePerRecordInSendOrder();
            for (int i = 0; i < sends.size(); i++) {
                assertTrue(!sends.future(i).isCompletedExceptionally(), "record " + i + " failed: "
                        + (sends.future(i).isCompletedExceptionally() ? sends.failure(i) : ""));
            }
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            assertEquals(25, broker.records(TOPIC, 0).size());
            assertTrue(broker.pendingRules().isEmpty(), "fault was injected: " + broker.pendingRules());
            assertTrue(broker.requestCount(ApiKeys.PRODUCE) > 2, "produce requests were retried");
        }
    }
}
