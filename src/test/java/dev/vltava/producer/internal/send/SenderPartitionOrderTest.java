package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Send order within a partition survives retries without idempotence too (acks=1, 5 requests in flight): a
 * partition's first batch goes alone until it succeeds, and after a retriable failure the partition sends one request
 * at a time until the retried batches have succeeded.
 */
class SenderPartitionOrderTest {
    private static final String VALUE = "v".repeat(40); // one record fills a 64-byte batch

    private static SenderHarness harness(boolean idempotent) {
        return new SenderHarness(SenderHarness.config(idempotent, 5, 30_000, 120_000), 1, 64, 0).warmUp();
    }

    /** Fails the first {@code failures.get(value)} attempts of the batch starting with that value. */
    private static LoggingBroker.Script failFirstAttempts(Map<String, Integer> failures, Errors error) {
        Map<String, Integer> attempts = new HashMap<>();
        return (request, batch) -> {
            String first = LoggingBroker.value(batch.iterator().next());
            int attempt = attempts.merge(first, 1, Integer::sum);
            return attempt <= failures.getOrDefault(first, 0) ? error : Errors.NONE;
        };
    }

    private static List<String> appendBatches(SenderHarness h, int from, int to, List<String> callbacks)
            throws InterruptedException {
        List<String> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sent.add(VALUE + i);
            h.append(0, VALUE + i, callbacks);
        }
        return sent;
    }

    @Test
    void withoutIdempotenceAFreshPartitionSendsItsFirstBatchAloneUntilItSucceeds() throws Exception {
        SenderHarness h = harness(false);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = appendBatches(h, 0, 8, callbacks);
        h.steps(10);
        assertEquals(1, h.held.size(), "one request before the partition's first success");
        // A topic just created: the first request fails (the leader is not ready yet), later ones would land.
        LoggingBroker broker = new LoggingBroker(h, failFirstAttempts(Map.of(VALUE + 0, 2),
                Errors.NOT_LEADER_OR_FOLLOWER));
        broker.answerOldest();
        h.steps(2); // the answer arrives
        h.advanceMs(1_000); // past the retry backoff
        h.steps(10);
        assertEquals(1, h.held.size(), "the retried first batch goes alone");
        broker.answerOldest();
        h.steps(2); // the answer arrives
        h.advanceMs(1_000); // past the retry backoff
        h.steps(10);
        assertEquals(1, h.held.size(), "still alone after a second failure");
        broker.answerOldest(); // succeeds
        h.steps(10);
        assertEquals(5, h.held.size(), "then pipelined up to max.in.flight");
        broker.run(100);
        assertEquals(sent, broker.log(0), "stored in send order");
        assertEquals(sent.stream().map(v -> "0:" + v).toList(), callbacks);
    }

    @ParameterizedTest(name = "idempotent={0}")
    @ValueSource(booleans = {false, true})
    void afterARetriableFailureThePartitionSendsOneRequestAtATimeUntilTheRetriedBatchesSucceed(boolean idempotent)
            throws Exception {
        SenderHarness h = harness(idempotent);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = appendBatches(h, 0, 1, callbacks);
        // The leader moves while 5 requests are in flight: all 5 fail, and the retries of 2 and 3 fail once more.
        Map<String, Integer> failures = new HashMap<>();
        for (int i = 1; i <= 5; i++) {
            failures.put(VALUE + i, i == 2 || i == 3 ? 2 : 1);
        }
        LoggingBroker broker = new LoggingBroker(h, failFirstAttempts(failures, Errors.NOT_LEADER_OR_FOLLOWER));
        broker.run(5); // the first batch succeeds: pipelining allowed
        sent.addAll(appendBatches(h, 1, 12, callbacks));
        h.steps(10);
        assertEquals(5, h.held.size(), "pipelined");
        for (int i = 0; i < 5; i++) {
            broker.answerOldest(); // all fail
        }
        h.steps(2); // the answers arrive
        for (int round = 0; round < 40 && callbacks.size() < 6; round++) {
            h.advanceMs(1_000); // past the retry backoff
            h.steps(10);
            assertEquals(1, h.held.size(), "one request at a time while retried batches wait (round " + round
                    + ", " + callbacks.size() + " records done)");
            broker.answerOldest();
            h.steps(2);
        }
        assertEquals(6, callbacks.size(), "the retried batches succeeded");
        h.steps(10);
        assertEquals(5, h.held.size(), "then pipelined again");
        broker.run(100);
        assertEquals(sent, broker.log(0), "stored in send order");
        assertEquals(sent.stream().map(v -> "0:" + v).toList(), callbacks, "callbacks in send order");
    }

    @Test
    void withoutIdempotenceRetriesOfPipelinedBatchesGoBackInSendOrder() throws Exception {
        SenderHarness h = harness(false);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = appendBatches(h, 0, 1, callbacks);
        Map<String, Integer> failures = new HashMap<>();
        for (int i = 1; i <= 5; i++) {
            failures.put(VALUE + i, 1);
        }
        LoggingBroker broker = new LoggingBroker(h, failFirstAttempts(failures, Errors.REQUEST_TIMED_OUT));
        broker.run(5);
        sent.addAll(appendBatches(h, 1, 6, callbacks));
        h.steps(10);
        assertEquals(5, h.held.size());
        broker.run(100);
        assertEquals(sent, broker.log(0), "stored in send order");
    }

    @ParameterizedTest(name = "idempotent={0}")
    @ValueSource(booleans = {false, true})
    void whenTheLeaderMovesNothingIsSentToTheNewOneWhileRequestsToTheOldOneAreInFlight(boolean idempotent)
            throws Exception {
        SenderHarness h = harness(idempotent);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = appendBatches(h, 0, 1, callbacks);
        Map<String, Integer> failures = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            failures.put(VALUE + i, 1); // the old leader rejects them: NOT_LEADER_OR_FOLLOWER
        }
        LoggingBroker broker = new LoggingBroker(h, failFirstAttempts(failures, Errors.NOT_LEADER_OR_FOLLOWER));
        broker.run(5); // a first success: pipelining allowed
        sent.addAll(appendBatches(h, 1, 4, callbacks));
        h.steps(10);
        assertEquals(3, h.held.size(), "pipelined to the old leader");
        // The leader moves to node 1, and the producer learns it (from another partition's KIP-951 hint, say)
        // before these requests have ended.
        h.leaders.put(0, 1); // what later Metadata responses say
        TopicPartition tp = new TopicPartition(SenderHarness.TOPIC, 0);
        h.metadata.applyLeaderHint(tp, 1, 1, List.of(new BrokerAddress(1, "n1", 9092, null)));
        assertEquals(1, h.metadata.snapshot().leaderFor(tp), "the new leader is known");
        sent.addAll(appendBatches(h, 4, 8, callbacks));
        h.steps(10);
        assertEquals(3, h.held.size(), "nothing sent to the new leader yet");
        for (SenderHarness.HeldProduce held : h.held) {
            assertEquals(SenderHarness.NODE, held.nodeId());
        }
        broker.run(100);
        assertEquals(sent, broker.log(0), "stored in send order");
        assertEquals(sent.stream().map(v -> "0:" + v).toList(), callbacks, "callbacks in send order");
    }

    /**
     * The cause of the reordering that OrderWithoutIdempotenceIT saw across real leader moves (16 records of a
     * partition out of send order, no error on that partition's requests to the old leader): the producer learns of a
     * new leader from metadata (refreshed because another partition's leader moved, say) while everything it sent to
     * the old leader succeeds, so nothing paused the partition. In KRaft every broker applies the leader change on its
     * own, so the new leader may not know yet that it leads: it rejects the first requests with
     * NOT_LEADER_OR_FOLLOWER and appends those pipelined behind them once it does. A new leader therefore gets one
     * request at a time until a first one succeeded there, as a fresh partition does.
     */
    @ParameterizedTest(name = "idempotent={0}")
    @ValueSource(booleans = {false, true})
    void aNewLeaderGetsOneRequestAtATimeUntilTheFirstSucceedsThere(boolean idempotent) throws Exception {
        SenderHarness h = harness(idempotent);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = appendBatches(h, 0, 4, callbacks);
        // Node 1 has not applied its election yet when the producer's first request reaches it.
        Map<String, Integer> failures = new HashMap<>();
        failures.put(VALUE + 4, 1);
        LoggingBroker broker = new LoggingBroker(h, failFirstAttempts(failures, Errors.NOT_LEADER_OR_FOLLOWER));
        broker.run(20); // the old leader stores 0..3: the partition pipelines
        assertEquals(sent, broker.log(0));
        // The leader moves to node 1 and the producer learns it without any failure on this partition.
        h.leaders.put(0, 1);
        TopicPartition tp = new TopicPartition(SenderHarness.TOPIC, 0);
        h.metadata.applyLeaderHint(tp, 1, 1, List.of(new BrokerAddress(1, "n1", 9092, null)));
        sent.addAll(appendBatches(h, 4, 12, callbacks));
        h.steps(10);
        assertEquals(1, h.held.size(), "one request to the new leader before a first success there");
        assertEquals(1, h.held.get(0).nodeId());
        broker.answerOldest(); // NOT_LEADER_OR_FOLLOWER: node 1 does not know yet
        h.steps(2);
        h.advanceMs(1_000); // past the retry backoff
        h.steps(10);
        assertEquals(1, h.held.size(), "the retried batch still goes alone");
        broker.answerOldest(); // node 1 leads now: stored
        h.steps(10);
        assertEquals(5, h.held.size(), "then pipelined to the new leader");
        broker.run(100);
        assertEquals(sent, broker.log(0), "stored in send order");
        assertEquals(sent.stream().map(v -> "0:" + v).toList(), callbacks, "callbacks in send order");
    }
}
