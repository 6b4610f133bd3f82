package dev.vltava.producer.internal.send;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A transaction and group coordinator (both on node 0) for {@link SenderHarness}: decodes every transactional request
 * with the official classes, logs it as one line ({@link #log}), and answers with the next scripted error of its
 * API ({@link #script}, NONE when none is left), or holds it ({@link #hold}) until the test answers. Producer id 42;
 * the epoch starts at 0, goes up by one on every later InitProducerId, and (transaction.version 2) on every EndTxn
 * v5+ it accepts, as KIP-890 coordinators do.
 */
final class FakeTransactionCoordinator {
    static final long PRODUCER_ID = 42L;
    private static final Set<ApiKeys> APIS = EnumSet.of(ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.END_TXN);

    /** A request the test holds: answer it with {@link SenderHarness#transport}'s deliver. */
    record Held(int nodeId, RequestHeader header) {
    }

    /** The finalized transaction.version the brokers report (1 or 2). */
    final short transactionVersion;
    final List<String> log = new ArrayList<>();
    final List<Held> held = new ArrayList<>();
    final Set<ApiKeys> hold = EnumSet.noneOf(ApiKeys.class);
    private final Map<ApiKeys, Deque<Errors>> script = new EnumMap<>(ApiKeys.class);
    short epoch = -1;

    FakeTransactionCoordinator(int transactionVersion) {
        this.transactionVersion = (short) transactionVersion;
    }

    /** The next answers of {@code api}, in order; after them, NONE. */
    FakeTransactionCoordinator script(ApiKeys api, Errors... errors) {
        Deque<Errors> q = script.computeIfAbsent(api, k -> new ArrayDeque<>());
        q.addAll(List.of(errors));
        return this;
    }

    boolean handles(ApiKeys api) {
        return APIS.contains(api);
    }

    /** Lines of {@link #log} that start with {@code prefix}. */
    List<String> logged(String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.INIT_PRODUCER_ID, ApiKeys.FIND_COORDINATOR, ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.END_TXN}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        d.setFinalizedFeaturesEpoch(1);
        d.finalizedFeatures().add(new ApiVersionsResponseData.FinalizedFeatureKey().setName("transaction.version")
                .setMinVersionLevel(transactionVersion).setMaxVersionLevel(transactionVersion));
        return d;
    }

    /** The answer to a request (body after the header), or null to hold it. */
    ApiMessage answer(int nodeId, RequestHeader header, ByteBuffer body) {
        short v = header.apiVersion();
        ByteBufferAccessor in = new ByteBufferAccessor(body);
        ApiKeys api = header.apiKey();
        ApiMessage answer = switch (api) {
            case FIND_COORDINATOR -> findCoordinator(new FindCoordinatorRequestData(in, v), v);
            case INIT_PRODUCER_ID -> initProducerId(new InitProducerIdRequestData(in, v), v);
            case ADD_PARTITIONS_TO_TXN -> addPartitions(new AddPartitionsToTxnRequestData(in, v), v);
            case ADD_OFFSETS_TO_TXN -> addOffsets(new AddOffsetsToTxnRequestData(in, v));
            case TXN_OFFSET_COMMIT -> txnOffsetCommit(new TxnOffsetCommitRequestData(in, v), v);
            case END_TXN -> endTxn(new EndTxnRequestData(in, v), v);
            default -> throw new IllegalStateException("not a coordinator API: " + api);
        };
        if (hold.contains(api)) {
            held.add(new Held(nodeId, header));
            heldAnswers.add(answer);
            return null;
        }
        return answer;
    }

    /** Answers the oldest held request with the answer computed when it came. */
    void answerHeld(SenderHarness h) {
        Held r = held.remove(0);
        ApiMessage answer = heldAnswers.remove(0);
        h.transport.deliver(r.nodeId(), SenderHarness.serialize(answer, r.header().apiKey(), r.header().apiVersion(),
                r.header().correlationId()));
    }

    private final List<ApiMessage> heldAnswers = new ArrayList<>();

    private Errors next(ApiKeys api) {
        Deque<Errors> q = script.get(api);
        return q == null || q.isEmpty() ? Errors.NONE : q.poll();
    }

    private ApiMessage findCoordinator(FindCoordinatorRequestData r, short v) {
        String key = v >= 4 ? r.coordinatorKeys().get(0) : r.key();
        log.add("FindCoordinator " + (r.keyType() == 1 ? "transaction " : "group ") + key);
        Errors e = next(ApiKeys.FIND_COORDINATOR);
        if (v >= 4) {
            FindCoordinatorResponseData d = new FindCoordinatorResponseData();
            d.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey(key).setNodeId(0)
                    .setHost("n0").setPort(9092).setErrorCode(e.code()));
            return d;
        }
        return new FindCoordinatorResponseData().setErrorCode(e.code()).setNodeId(0).setHost("n0").setPort(9092);
    }

    private ApiMessage initProducerId(InitProducerIdRequestData r, short v) {
        log.add("InitProducerId txn=" + r.transactionalId() + " timeout=" + r.transactionTimeoutMs()
                + (v >= 3 ? " id=" + r.producerId() + " epoch=" + r.producerEpoch() : ""));
        Errors e = next(ApiKeys.INIT_PRODUCER_ID);
        if (e != Errors.NONE) {
            return new InitProducerIdResponseData().setErrorCode(e.code()).setProducerId(-1).setProducerEpoch((short) -1);
        }
        epoch++;
        return new InitProducerIdResponseData().setProducerId(PRODUCER_ID).setProducerEpoch(epoch);
    }

    private ApiMessage addPartitions(AddPartitionsToTxnRequestData r, short v) {
        StringBuilder line = new StringBuilder("AddPartitionsToTxn v" + v + " epoch=" + r.v3AndBelowProducerEpoch());
        AddPartitionsToTxnResponseData d = new AddPartitionsToTxnResponseData();
        Errors e = next(ApiKeys.ADD_PARTITIONS_TO_TXN);
        for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic t : r.v3AndBelowTopics()) {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult tr =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName(t.name());
            for (int p : t.partitions()) {
                line.append(' ').append(t.name()).append('-').append(p);
                tr.resultsByPartition().add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(p).setPartitionErrorCode(e.code()));
            }
            d.resultsByTopicV3AndBelow().add(tr);
        }
        log.add(line.toString());
        return d;
    }

    private ApiMessage addOffsets(AddOffsetsToTxnRequestData r) {
        log.add("AddOffsetsToTxn group=" + r.groupId() + " epoch=" + r.producerEpoch());
        return new AddOffsetsToTxnResponseData().setErrorCode(next(ApiKeys.ADD_OFFSETS_TO_TXN).code());
    }

    private ApiMessage txnOffsetCommit(TxnOffsetCommitRequestData r, short v) {
        StringBuilder line = new StringBuilder("TxnOffsetCommit v" + v + " group=" + r.groupId() + " generation="
                + r.generationIdOrMemberEpoch() + " member=" + r.memberId() + " epoch=" + r.producerEpoch());
        Errors e = next(ApiKeys.TXN_OFFSET_COMMIT);
        TxnOffsetCommitResponseData d = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t : r.topics()) {
            TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic tr =
                    new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(t.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
                line.append(' ').append(t.name()).append('-').append(p.partitionIndex()).append('@')
                        .append(p.committedOffset());
                tr.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(e.code()));
            }
            d.topics().add(tr);
        }
        log.add(line.toString());
        return d;
    }

    private ApiMessage endTxn(EndTxnRequestData r, short v) {
        log.add("EndTxn v" + v + " " + (r.committed() ? "commit" : "abort") + " epoch=" + r.producerEpoch());
        Errors e = next(ApiKeys.END_TXN);
        EndTxnResponseData d = new EndTxnResponseData().setErrorCode(e.code());
        if (e == Errors.NONE && v >= 5) {
            epoch++;
            d.setProducerId(PRODUCER_ID).setProducerEpoch(epoch);
        }
        return d;
    }
}
