package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.Script;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every retriable failure of a produce request is retried, and the records land exactly once and in order, with one
 * callback each in send order — also while other batches of the partition are pipelined behind the failed one.
 *
 * <p>Pipelining is made to happen and then checked, not assumed: the first produce request after the warm-up is
 * answered late (successfully), so the producer sends the next batches behind it on the same connection; the fault
 * then hits one of those, with yet another request waiting behind it. The mock broker sees a request's successor
 * already queued on the connection when it reads it ({@link MockBroker#pipelinedRequests}), and counts the faults
 * it injected into such requests.
 */
@Timeout(90)
class RetriableFaultsIT {
    private static final String TOPIC = "retriable";
    private static final int RECORDS_UNDER_FAULT = 60;
    /** Far below request.timeout.ms (1.5 s), far above what the producer needs to send its next batches. */
    private static final Duration HOLD_FIRST_REQUEST = Duration.ofMillis(400);

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

    /**
     * 5 records per partition succeed first (so batches may pipeline), then partition 0 misbehaves under 60 more each
     * (about 5 batches per partition at a batch.size of 200 bytes: a partition gives one batch per request, so while
     * the first request is held, the next batches go out in requests of their own, up to max.in.flight).
     */
    private static void runWithFault(Consumer<Script> fault) throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer =
                MockProducers.builder(broker).batchSizeBytes(200).build()) {
            broker.createTopic(TOPIC, 2);
            SendTracker sends = new SendTracker(producer);
            sends.sendMany(TOPIC, 0, "warm-a", 5);
            sends.sendMany(TOPIC, 1, "warm-b", 5);
            sends.awaitAll();
            broker.onProduce().forPartition(TOPIC, 0).times(1).delay(HOLD_FIRST_REQUEST); // the next ones pile up
            fault.accept(broker.onProduce().forPartition(TOPIC, 0));
            for (int i = 0; i < RECORDS_UNDER_FAULT; i++) {
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
            assertEquals(5 + RECORDS_UNDER_FAULT, broker.records(TOPIC, 0).size());
            assertTrue(broker.pendingRules().isEmpty(), "fault was injected: " + broker.pendingRules());
            assertTrue(broker.requestCount(ApiKeys.PRODUCE) > 2, "produce requests were retried");
            assertTrue(broker.pipelinedRequests(0, ApiKeys.PRODUCE) > 0, "no produce request was pipelined behind "
                    + "another on a connection: " + broker.events());
            assertTrue(broker.rulesAppliedToPipelinedRequests() > 0, "the fault never hit a request with another "
                    + "queued behind it: " + broker.events());
        }
    }
}
