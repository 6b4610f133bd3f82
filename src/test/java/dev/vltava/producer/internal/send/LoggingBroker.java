package dev.vltava.producer.internal.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Answers the produce requests a {@link SenderHarness} holds like a broker with a log per partition: a scripted error
 * for a batch (decided per batch by the test) leaves the log as it is; otherwise the batch is checked the way the
 * broker checks idempotent batches (base sequence must follow the last one, a repeat is a duplicate) and its values
 * are appended. Tests then compare the logs with what was sent.
 */
final class LoggingBroker {
    /** The error for one batch of a request (NONE: store it); {@code requestIndex} counts answered requests from 0. */
    interface Script extends BiFunction<Integer, RecordBatch, Errors> {
    }

    private final SenderHarness h;
    private final Script script;
    final Map<Integer, List<String>> logs = new HashMap<>();
    /** Per partition: the producer epoch last stored and the next sequence expected under it. */
    private final Map<Integer, int[]> sequenceState = new HashMap<>();
    /** Sizes in bytes of the batches stored, per partition. */
    final Map<Integer, List<Integer>> storedBatchSizes = new HashMap<>();
    int answered;

    LoggingBroker(SenderHarness h, Script script) {
        this.h = h;
        this.script = script;
    }

    /** Steps the sender and answers what it sends until nothing is held after a few turns (at most maxRounds). */
    void run(int maxRounds) {
        for (int round = 0; round < maxRounds; round++) {
            h.steps(3);
            if (h.held.isEmpty()) {
                h.advanceMs(1_000); // past any retry backoff
                h.steps(3);
                if (h.held.isEmpty()) {
                    return;
                }
            }
            answerOldest();
        }
        throw new AssertionError("still sending after " + maxRounds + " requests");
    }

    void answerOldest() {
        SenderHarness.HeldProduce p = h.held.remove(0);
        int requestIndex = answered++;
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData t : p.data().topicData()) {
            ProduceResponseData.TopicProduceResponse tr = new ProduceResponseData.TopicProduceResponse()
                    .setName(p.version() >= 13 ? "" : t.name())
                    .setTopicId(p.version() >= 13 ? t.topicId() : Uuid.ZERO_UUID);
            for (ProduceRequestData.PartitionProduceData pd : t.partitionData()) {
                RecordBatch batch = ((MemoryRecords) pd.records()).batches().iterator().next();
                tr.partitionResponses().add(answer(pd.index(), batch, requestIndex));
            }
            response.responses().add(tr);
        }
        h.transport.deliver(p.nodeId(), SenderHarness.serialize(response, ApiKeys.PRODUCE, p.version(),
                p.correlationId()));
    }

    private ProduceResponseData.PartitionProduceResponse answer(int partition, RecordBatch batch, int requestIndex) {
        ProduceResponseData.PartitionProduceResponse pr = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(partition).setBaseOffset(-1L);
        Errors error = script.apply(requestIndex, batch);
        int[] seqState = sequenceState.computeIfAbsent(partition, k -> new int[] {-1, 0});
        if (error == Errors.NONE && batch.hasProducerId()) {
            int expected = batch.producerEpoch() > seqState[0] ? 0 : seqState[1]; // a new epoch starts at 0
            if (batch.producerEpoch() < seqState[0]) {
                error = Errors.INVALID_PRODUCER_EPOCH;
            } else if (batch.baseSequence() != expected) {
                error = batch.baseSequence() < expected ? Errors.DUPLICATE_SEQUENCE_NUMBER
                        : Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
            }
        }
        if (error != Errors.NONE) {
            return pr.setErrorCode(error.code());
        }
        List<String> log = logs.computeIfAbsent(partition, k -> new ArrayList<>());
        pr.setBaseOffset(log.size());
        int count = 0;
        for (Record r : batch) {
            log.add(value(r));
            count++;
        }
        storedBatchSizes.computeIfAbsent(partition, k -> new ArrayList<>()).add(batch.sizeInBytes());
        if (batch.hasProducerId()) {
            seqState[0] = batch.producerEpoch();
            seqState[1] = batch.baseSequence() + count;
        }
        return pr;
    }

    static String value(Record r) {
        ByteBuffer v = r.value();
        byte[] bytes = new byte[v.remaining()];
        v.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    List<String> log(int partition) {
        return logs.getOrDefault(partition, List.of());
    }
}
