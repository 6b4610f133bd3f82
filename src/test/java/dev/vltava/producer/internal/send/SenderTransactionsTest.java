package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.TopicPartition;
import dev.vltava.producer.TransactionAbortableException;
import dev.vltava.producer.TransactionAbortedException;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.transaction.TransactionCalls;
import dev.vltava.producer.internal.transaction.TransactionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/**
 * The transaction manager stepped inside the real sender over a fake transport and clock, against
 * {@link FakeTransactionCoordinator} (official codecs): transactions v1 and v2, coordinator moves, retries,
 * fencing, aborts with unsent batches, failed sends, timeouts that are retried by calling again.
 */
class SenderTransactionsTest {
    private static final String TXN = "tx-1";

    private SenderHarness h;
    private FakeTransactionCoordinator coordinator;
    private TransactionCalls calls;
    private final List<String> completions = new ArrayList<>();

    private void start(int transactionVersion) {
        start(transactionVersion, 0);
    }

    private void start(int transactionVersion, long lingerMs) {
        SenderConfig config = SenderHarness.config(true, 5, 30_000, 120_000).withTransactions(TXN, 60_000);
        h = new SenderHarness(config, 2, 16_384, lingerMs);
        coordinator = new FakeTransactionCoordinator(transactionVersion);
        h.coordinator = coordinator;
        calls = new TransactionCalls(h.sender.transactions(), () -> { });
    }

    private TransactionState state() {
        return h.sender.transactions().state();
    }

    /**
     * Runs a blocking transactional call with timeout 0 until it returns: a call that is not done yet throws
     * TimeoutException and keeps running, and calling the same method again collects its result. The loop is
     * stepped (10 ms of fake time) in between.
     */
    private void complete(Runnable zeroTimeoutCall) {
        for (int i = 0; i < 300; i++) {
            try {
                zeroTimeoutCall.run();
                return;
            } catch (TimeoutException e) {
                assertEquals(TimeoutException.What.TRANSACTION, e.what());
                h.step();
                h.advanceMs(10);
            }
        }
        throw new AssertionError("the call never completed; coordinator saw " + coordinator.log);
    }

    private void stepUntil(java.util.function.BooleanSupplier done) {
        for (int i = 0; i < 300 && !done.getAsBoolean(); i++) {
            h.step();
            h.advanceMs(10);
        }
        assertTrue(done.getAsBoolean(), "condition never held; coordinator saw " + coordinator.log);
    }

    private void initAndBegin() {
        complete(() -> calls.initTransactions(0));
        complete(() -> calls.beginTransaction(0));
    }

    private static RecordBatch batchOf(ProduceRequestData data) {
        ProduceRequestData.PartitionProduceData p = data.topicData().iterator().next().partitionData().get(0);
        return ((MemoryRecords) p.records()).batches().iterator().next();
    }

    @Test
    void v1HappyPathEnrollsEachPartitionBeforeItsFirstBatchAndCommitsAfterEveryAck() throws Exception {
        start(1);
        complete(() -> calls.initTransactions(0));
        assertEquals(List.of("FindCoordinator transaction " + TXN, "InitProducerId txn=" + TXN
                + " timeout=60000 id=-1 epoch=-1"), coordinator.log);
        assertEquals(TransactionState.READY, state());
        complete(() -> calls.beginTransaction(0));
        coordinator.hold.add(ApiKeys.ADD_PARTITIONS_TO_TXN);
        RecordFuture r0 = h.append(0, "a", completions);
        RecordFuture r1 = h.append(1, "b", completions);
        stepUntil(() -> !coordinator.held.isEmpty());
        h.steps(3);
        assertTrue(h.held.isEmpty(), "no batch may be drained before its partition is in the transaction");
        assertEquals(List.of("AddPartitionsToTxn v3 epoch=0 t-0 t-1"), coordinator.logged("AddPartitionsToTxn"));
        coordinator.answerHeld(h);
        stepUntil(() -> h.held.size() + (h.held.isEmpty() ? 0 : h.held.get(0).data().topicData().size()) >= 1);
        h.steps(3);
        for (SenderHarness.HeldProduce p : h.held) {
            assertEquals(TXN, p.data().transactionalId());
            assertTrue(p.version() <= 11, "a v1 transaction must not use Produce v12+: " + p.version());
            RecordBatch b = batchOf(p.data());
            assertTrue(b.isTransactional());
            assertEquals(FakeTransactionCoordinator.PRODUCER_ID, b.producerId());
        }
        CompletableFuture<Void> commit = calls.commitTransactionAsync();
        h.steps(3);
        assertTrue(coordinator.logged("EndTxn").isEmpty(), "EndTxn before every record is acknowledged");
        assertFalse(commit.isDone());
        while (!h.held.isEmpty()) {
            h.answerOldest(Errors.NONE);
        }
        stepUntil(commit::isDone);
        commit.join();
        assertEquals(List.of("EndTxn v4 commit epoch=0"), coordinator.logged("EndTxn"));
        assertTrue(r0.isDone() && r1.isDone());
        assertEquals(List.of("0:a", "1:b"), completions.stream().sorted().toList());
        assertEquals(TransactionState.READY, state());
    }

    /** A drain for a node takes only the partitions already in the transaction, though a new one is led there too. */
    @Test
    void aPartitionNotYetEnrolledStaysBehindWhileAnEnrolledOneOfTheSameLeaderIsDrained() throws Exception {
        start(1);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        h.steps(2);
        coordinator.hold.add(ApiKeys.ADD_PARTITIONS_TO_TXN);
        h.append(0, "b", completions);
        h.append(1, "c", completions);
        stepUntil(() -> !h.held.isEmpty() && !coordinator.held.isEmpty());
        h.steps(3);
        assertEquals(0, requestsWith(1), "partition 1 was drained before AddPartitionsToTxn answered");
        assertTrue(requestsWith(0) > 0, "partition 0 was drained");
        while (!h.held.isEmpty()) {
            h.answerOldest(Errors.NONE); // in request order, as a broker answers one connection
        }
        coordinator.answerHeld(h);
        stepUntil(() -> h.held.stream().anyMatch(p -> p.baseSequence(1) == 0));
    }

    @Test
    void v2AddsNoPartitionsUsesProduceV12AndTakesTheBumpedEpochFromEndTxn() throws Exception {
        start(2);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        SenderHarness.HeldProduce p = h.held.get(0);
        assertTrue(p.version() >= 12, "transactions v2 enroll partitions through Produce v12+: " + p.version());
        assertEquals(TXN, p.data().transactionalId());
        assertEquals(0, batchOf(p.data()).producerEpoch());
        h.answerOldest(Errors.NONE);
        complete(() -> calls.commitTransaction(0));
        assertTrue(coordinator.logged("AddPartitionsToTxn").isEmpty(), coordinator.log.toString());
        assertEquals(List.of("EndTxn v5 commit epoch=0"), coordinator.logged("EndTxn"));
        assertEquals(1, h.sender.idempotence.epoch());
        // The next transaction writes under the new epoch, from sequence 0.
        complete(() -> calls.beginTransaction(0));
        h.append(0, "b", completions);
        stepUntil(() -> !h.held.isEmpty());
        RecordBatch next = batchOf(h.held.get(0).data());
        assertEquals(1, next.producerEpoch());
        assertEquals(0, next.baseSequence());
    }

    @Test
    void aCoordinatorThatMovedIsLookedUpAgainAndTheEndTxnRetried() throws Exception {
        start(1);
        coordinator.script(ApiKeys.END_TXN, Errors.NOT_COORDINATOR, Errors.COORDINATOR_NOT_AVAILABLE);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        complete(() -> calls.commitTransaction(0));
        assertEquals(3, coordinator.logged("EndTxn").size(), coordinator.log.toString());
        assertEquals(3, coordinator.logged("FindCoordinator transaction").size(), coordinator.log.toString());
        assertEquals(TransactionState.READY, state());
    }

    @Test
    void concurrentTransactionsAndLoadsAreRetriedAfterABackoff() throws Exception {
        start(1);
        coordinator.script(ApiKeys.INIT_PRODUCER_ID, Errors.CONCURRENT_TRANSACTIONS, Errors.COORDINATOR_LOAD_IN_PROGRESS);
        coordinator.script(ApiKeys.ADD_PARTITIONS_TO_TXN, Errors.CONCURRENT_TRANSACTIONS);
        complete(() -> calls.initTransactions(0));
        assertEquals(3, coordinator.logged("InitProducerId").size());
        complete(() -> calls.beginTransaction(0));
        h.append(0, "a", completions);
        stepUntil(() -> coordinator.logged("AddPartitionsToTxn").size() == 1);
        h.steps(5); // no time passes: the retry waits for its backoff
        assertEquals(1, coordinator.logged("AddPartitionsToTxn").size());
        assertTrue(h.held.isEmpty());
        stepUntil(() -> !h.held.isEmpty());
        assertEquals(2, coordinator.logged("AddPartitionsToTxn").size());
        assertEquals(TransactionState.IN_TRANSACTION, state());
    }

    @Test
    void aFencedProducerFailsEveryLaterCallWithProducerFencedException() throws Exception {
        start(1);
        coordinator.script(ApiKeys.END_TXN, Errors.PRODUCER_FENCED);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        ProducerFencedException fenced = assertThrows(ProducerFencedException.class,
                () -> complete(() -> calls.commitTransaction(0)));
        assertTrue(fenced.getMessage().contains(TXN), fenced.getMessage());
        assertEquals(TransactionState.FATAL_ERROR, state());
        assertThrows(ProducerFencedException.class, () -> complete(() -> calls.beginTransaction(0)));
        assertThrows(ProducerFencedException.class, () -> complete(() -> calls.abortTransaction(0)));
        assertInstanceOf(ProducerFencedException.class, calls.checkSend());
        assertSame(fenced, h.sender.fatalError());
    }

    @Test
    void invalidProducerEpochFromTheCoordinatorIsFencingToo() throws Exception {
        start(1);
        coordinator.script(ApiKeys.ADD_PARTITIONS_TO_TXN, Errors.INVALID_PRODUCER_EPOCH);
        initAndBegin();
        RecordFuture r = h.append(0, "a", completions);
        stepUntil(() -> state() == TransactionState.FATAL_ERROR);
        stepUntil(r::isDone);
        CompletionException e = assertThrows(CompletionException.class, r::join);
        assertInstanceOf(ProducerFencedException.class, e.getCause());
    }

    @Test
    void abortFailsUnsentRecordsWaitsForInFlightOnesThenEndsTheTransaction() throws Exception {
        start(1);
        initAndBegin();
        RecordFuture inFlight = h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        coordinator.hold.add(ApiKeys.ADD_PARTITIONS_TO_TXN);
        RecordFuture unsent = h.append(1, "b", completions);
        stepUntil(() -> !coordinator.held.isEmpty()); // partition 1's enrollment is in flight; its batch is queued
        CompletableFuture<Void> abort = calls.abortTransactionAsync();
        h.steps(3);
        assertTrue(unsent.isDone());
        CompletionException e = assertThrows(CompletionException.class, unsent::join);
        assertInstanceOf(TransactionAbortedException.class, e.getCause());
        assertFalse(inFlight.isDone());
        assertTrue(coordinator.logged("EndTxn").isEmpty(), "EndTxn while a batch is in flight");
        h.answerOldest(Errors.NONE); // a broker answers a connection's requests in order: the produce came first
        coordinator.answerHeld(h);
        stepUntil(abort::isDone);
        abort.join();
        assertEquals(0L, SenderHarness.offsetOf(inFlight));
        assertEquals(List.of("EndTxn v4 abort epoch=0"), coordinator.logged("EndTxn"));
        assertEquals(TransactionState.READY, state());
    }

    @Test
    void aCommitThatTimesOutIsCollectedByCallingCommitAgain() throws Exception {
        start(1);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        coordinator.hold.add(ApiKeys.END_TXN);
        TimeoutException first = assertThrows(TimeoutException.class, () -> calls.commitTransaction(0));
        assertEquals(TimeoutException.What.TRANSACTION, first.what());
        stepUntil(() -> !coordinator.held.isEmpty());
        assertThrows(TimeoutException.class, () -> calls.commitTransaction(0));
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> calls.abortTransaction(0));
        assertTrue(other.getMessage().contains("commitTransaction"), other.getMessage());
        coordinator.answerHeld(h);
        stepUntil(() -> state() == TransactionState.READY);
        calls.commitTransaction(0); // the pending result, collected
        assertEquals(1, coordinator.logged("EndTxn").size(), "the retried call must not start a second commit");
        assertEquals(TransactionState.READY, state());
        IllegalStateException noTxn = assertThrows(IllegalStateException.class,
                () -> complete(() -> calls.commitTransaction(0)));
        assertTrue(noTxn.getMessage().contains("READY"), noTxn.getMessage());
    }

    @Test
    void aFailedSendMakesTheTransactionAbortableAndTheAbortBumpsTheEpochUnderV1() throws Exception {
        start(1);
        initAndBegin();
        RecordFuture r = h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.INVALID_RECORD);
        stepUntil(() -> state() == TransactionState.ABORTABLE_ERROR);
        assertTrue(r.isDone());
        assertInstanceOf(TransactionAbortableException.class, calls.checkSend());
        TransactionAbortableException commit = assertThrows(TransactionAbortableException.class,
                () -> complete(() -> calls.commitTransaction(0)));
        assertTrue(commit.getMessage().contains("abortTransaction"), commit.getMessage());
        assertEquals(TransactionState.ABORTABLE_ERROR, state());
        complete(() -> calls.abortTransaction(0));
        assertEquals(List.of("EndTxn v4 abort epoch=0"), coordinator.logged("EndTxn"));
        // The batch took sequence numbers that the broker does not have: a new epoch before the next transaction.
        assertEquals("InitProducerId txn=" + TXN + " timeout=60000 id=42 epoch=0",
                coordinator.logged("InitProducerId").get(1));
        assertEquals(1, h.sender.idempotence.epoch());
        assertEquals(TransactionState.READY, state());
    }

    /**
     * A leader refusing the epoch (the coordinator aborted the transaction, or a newer producer took over) makes
     * commitTransaction throw InvalidProducerEpochException, as KafkaProducer does (found by
     * TransactionsFacadeParityIT: it threw TransactionAbortableException), whether the commit was asked before or
     * after the record failed.
     */
    @Test
    void aRefusedEpochOnProduceFailsTheCommitWithInvalidProducerEpochException() throws Exception {
        for (boolean commitFirst : new boolean[] {true, false}) {
            start(1);
            initAndBegin();
            RecordFuture r = h.append(0, "a", completions);
            stepUntil(() -> !h.held.isEmpty());
            CompletableFuture<Void> commit = commitFirst ? calls.commitTransactionAsync() : null;
            h.steps(2);
            h.answerOldest(Errors.INVALID_PRODUCER_EPOCH);
            stepUntil(() -> state() == TransactionState.ABORTABLE_ERROR);
            CompletionException failed = assertThrows(CompletionException.class, r::join);
            assertInstanceOf(dev.vltava.producer.InvalidProducerEpochException.class, failed.getCause());
            if (commitFirst) {
                stepUntil(commit::isDone);
                CompletionException e = assertThrows(CompletionException.class, commit::join);
                assertInstanceOf(dev.vltava.producer.InvalidProducerEpochException.class, e.getCause());
            } else {
                assertThrows(dev.vltava.producer.InvalidProducerEpochException.class,
                        () -> complete(() -> calls.commitTransaction(0)));
            }
            complete(() -> calls.abortTransaction(0));
            assertEquals(TransactionState.READY, state());
        }
    }

    @Test
    void offsetsGoThroughAddOffsetsToTxnUnderV1AndTxnOffsetCommitV5AloneUnderV2() throws Exception {
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", 3, "m-1", null);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("in", 2), OffsetAndMetadata.of(17));
        start(1);
        initAndBegin();
        complete(() -> calls.sendOffsetsToTransaction(offsets, group, 0));
        assertEquals(List.of("AddOffsetsToTxn group=g epoch=0", "FindCoordinator group g",
                "TxnOffsetCommit v4 group=g generation=3 member=m-1 epoch=0 in-2@17"),
                coordinator.log.subList(2, coordinator.log.size()));
        complete(() -> calls.commitTransaction(0));
        assertEquals(List.of("EndTxn v4 commit epoch=0"), coordinator.logged("EndTxn"));

        start(2);
        initAndBegin();
        complete(() -> calls.sendOffsetsToTransaction(offsets, group, 0));
        assertTrue(coordinator.logged("AddOffsetsToTxn").isEmpty(), coordinator.log.toString());
        assertEquals(List.of("TxnOffsetCommit v5 group=g generation=3 member=m-1 epoch=0 in-2@17"),
                coordinator.logged("TxnOffsetCommit"));
    }

    @Test
    void aRefusedOffsetCommitMakesTheTransactionAbortable() throws Exception {
        start(2);
        coordinator.script(ApiKeys.TXN_OFFSET_COMMIT, Errors.COORDINATOR_LOAD_IN_PROGRESS, Errors.ILLEGAL_GENERATION);
        initAndBegin();
        TransactionAbortableException e = assertThrows(TransactionAbortableException.class, () -> complete(
                () -> calls.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 0), OffsetAndMetadata.of(1)),
                        new ConsumerGroupMetadata("g", 3, "m-1", null), 0)));
        assertTrue(e.getMessage().contains("ILLEGAL_GENERATION"), e.getMessage());
        assertEquals(2, coordinator.logged("TxnOffsetCommit").size());
        assertEquals(TransactionState.ABORTABLE_ERROR, state());
    }

    @Test
    void misuseIsAnIllegalStateExceptionNamingTheState() throws Exception {
        start(1);
        IllegalStateException send = assertThrows(IllegalStateException.class, calls::checkSend);
        assertTrue(send.getMessage().contains("initTransactions"), send.getMessage());
        IllegalStateException begin = assertThrows(IllegalStateException.class,
                () -> complete(() -> calls.beginTransaction(0)));
        assertTrue(begin.getMessage().contains("UNINITIALIZED"), begin.getMessage());
        complete(() -> calls.initTransactions(0));
        assertThrows(IllegalStateException.class, () -> complete(() -> calls.initTransactions(0)));
        assertThrows(IllegalStateException.class, () -> complete(() -> calls.commitTransaction(0)));
        assertThrows(IllegalStateException.class, () -> complete(() -> calls.abortTransaction(0)));
        assertThrows(IllegalStateException.class, calls::checkSend);
        complete(() -> calls.beginTransaction(0));
        assertEquals(null, calls.checkSend());
        assertThrows(IllegalStateException.class, () -> complete(() -> calls.beginTransaction(0)));
        assertEquals(TransactionState.IN_TRANSACTION, state());
    }

    @Test
    void anEmptyTransactionEndsWithoutEndTxn() throws Exception {
        start(1);
        initAndBegin();
        complete(() -> calls.commitTransaction(0));
        complete(() -> calls.beginTransaction(0));
        complete(() -> calls.abortTransaction(0));
        assertTrue(coordinator.logged("EndTxn").isEmpty(), coordinator.log.toString());
        assertEquals(TransactionState.READY, state());
    }

    /**
     * txn-*-time-ns-total (as KafkaProducer): each blocking call that returns adds the time its caller was blocked
     * in it; a call that throws (here: a timeout, then a misuse) adds nothing. The calls' clock advances 1 ms per
     * reading, so a call that returns adds exactly 1 ms.
     */
    @Test
    void eachBlockingCallThatReturnsAddsTheTimeItsCallerWasBlockedToItsMetric() throws Exception {
        start(1);
        long[] callClock = {0};
        calls = new TransactionCalls(h.sender.transactions(), () -> { }, h.metrics,
                () -> callClock[0] += 1_000_000L);
        assertThrows(TimeoutException.class, () -> calls.initTransactions(0)); // not answered yet: adds nothing
        assertEquals(0.0, txnMetric("txn-init-time-ns-total"));
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        stepUntil(() -> !h.sender.hasPendingWork());
        complete(() -> calls.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 0), OffsetAndMetadata.of(5)),
                new ConsumerGroupMetadata("g", 3, "m-1", null), 0));
        complete(() -> calls.commitTransaction(0));
        // no transaction open: refused, adds nothing
        assertThrows(IllegalStateException.class, () -> complete(() -> calls.commitTransaction(0)));
        complete(() -> calls.beginTransaction(0));
        complete(() -> calls.abortTransaction(0));
        for (String name : List.of("txn-init-time-ns-total", "txn-begin-time-ns-total",
                "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total", "txn-abort-time-ns-total")) {
            double expected = name.equals("txn-begin-time-ns-total") ? 2_000_000.0 : 1_000_000.0;
            assertEquals(expected, txnMetric(name), name);
        }
    }

    /**
     * A caller whose call another thread collects between its start and its wait (here: commitTransactionAsync()
     * run from the wake-up, as a second thread could) still waits for its own call: it used to re-read the pending
     * call after leaving the lock and got null (NullPointerException) instead of the call it started.
     */
    @Test
    void aCallCollectedByAnotherCallerBeforeItsStarterWaitsIsStillTheStartersCall() throws Exception {
        start(1);
        initAndBegin();
        TransactionCalls[] holder = new TransactionCalls[1];
        boolean[] once = {true};
        java.util.List<java.util.concurrent.CompletableFuture<Void>> collectedElsewhere = new ArrayList<>();
        holder[0] = new TransactionCalls(h.sender.transactions(), () -> {
            if (once[0]) {
                once[0] = false;
                collectedElsewhere.add(holder[0].commitTransactionAsync());
            }
        });
        TimeoutException e = assertThrows(TimeoutException.class, () -> holder[0].commitTransaction(0));
        assertTrue(e.getMessage().contains("commitTransaction"), e.getMessage());
        assertEquals(1, collectedElsewhere.size());
    }

    private double txnMetric(String name) {
        for (dev.vltava.producer.internal.metrics.RegisteredMetric m : h.metrics.registry().metrics()) {
            if (m.key().name().equals(name) && m.key().group().equals("producer-metrics")) {
                return ((Number) m.value()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /**
     * Transactions v2 bump the epoch at every EndTxn. A partition the ended transaction wrote keeps pipelining in the
     * next one (its leader holds the producer's state and refuses a new-epoch batch that overtakes sequence 0), so
     * the transaction does not wait a round trip for a first success there; a partition it did not write starts
     * with one request, as after a new producer id (fails without carryPartitionSuccessToNextEpoch: partition 0
     * had one request in flight).
     */
    @Test
    void v2PartitionsWrittenByTheLastTransactionPipelineFromTheStartOfTheNext() throws Exception {
        start(2);
        initAndBegin();
        h.append(0, "a", completions);
        stepUntil(() -> !h.held.isEmpty());
        h.answerOldest(Errors.NONE);
        complete(() -> calls.commitTransaction(0));
        assertEquals(1, h.sender.idempotence.epoch());
        complete(() -> calls.beginTransaction(0));
        String big = "x".repeat(10_000); // one per 16 KiB batch
        for (int i = 0; i < 2; i++) {
            h.append(0, big, completions);
            h.append(1, big, completions);
        }
        h.steps(6);
        assertEquals(2, requestsWith(0), "partition 0 (written by the last transaction) pipelines its two batches");
        assertEquals(1, requestsWith(1), "partition 1 (new to this producer) waits for a first success");
        for (SenderHarness.HeldProduce p : h.held) {
            assertEquals(1, batchOf(p.data()).producerEpoch());
        }
        CompletableFuture<Void> commit = calls.commitTransactionAsync();
        for (int i = 0; i < 20 && !commit.isDone(); i++) {
            while (!h.held.isEmpty()) {
                h.answerOldest(Errors.NONE);
            }
            h.step();
            h.advanceMs(10);
        }
        commit.join();
        assertEquals(5, completions.size(), "records completed: " + completions.size());
    }

    private int requestsWith(int partition) {
        int n = 0;
        for (SenderHarness.HeldProduce p : h.held) {
            for (ProduceRequestData.TopicProduceData t : p.data().topicData()) {
                for (ProduceRequestData.PartitionProduceData pd : t.partitionData()) {
                    if (pd.index() == partition) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
