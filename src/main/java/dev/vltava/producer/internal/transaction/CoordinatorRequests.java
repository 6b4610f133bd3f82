package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.AddOffsetsToTxnRequest;
import dev.vltava.producer.internal.protocol.AddOffsetsToTxnResponse;
import dev.vltava.producer.internal.protocol.AddPartitionsToTxnRequest;
import dev.vltava.producer.internal.protocol.AddPartitionsToTxnResponse;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.EndTxnRequest;
import dev.vltava.producer.internal.protocol.EndTxnResponse;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.FindCoordinatorRequest;
import dev.vltava.producer.internal.protocol.FindCoordinatorResponse;
import dev.vltava.producer.internal.protocol.InitProducerIdRequest;
import dev.vltava.producer.internal.protocol.InitProducerIdResponse;
import dev.vltava.producer.internal.protocol.RequestBody;
import dev.vltava.producer.internal.protocol.TxnOffsetCommitRequest;
import dev.vltava.producer.internal.protocol.TxnOffsetCommitResponse;
import dev.vltava.producer.internal.time.Deadlines;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;

/**
 * The transaction manager's requests to the coordinators, one at a time: finds the coordinator first (and again
 * after NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or a lost connection), connects to it, sends, decodes the
 * answer into a {@link Result}, and schedules the retry that the error calls for (backoff for loads and
 * CONCURRENT_TRANSACTIONS, a new lookup for moves). What an error means for the transaction is the manager's
 * business. Sender thread only.
 */
final class CoordinatorRequests {
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Produce v12 and EndTxn v5 are the transactions-v2 forms (KIP-890); v1 caps below them. */
    private static final short FIRST_V2_PRODUCE = 12;
    private static final short FIRST_V2_END_TXN = 5;
    private static final short LAST_V1_END_TXN = 4;
    /** TxnOffsetCommit v5 also enrolls the offsets in a v2 transaction; v6 names topics by id (not used here). */
    private static final short V2_TXN_OFFSET_COMMIT = 5;
    private static final short LAST_V1_TXN_OFFSET_COMMIT = 4;
    private static final short FIRST_INIT_PRODUCER_ID_WITH_EPOCH = 3;

    /** A coordinator's answer, decoded: the worst error (NONE if none) and what the request needs of it. */
    record Result(ErrorCode code, String message, long producerId, short epoch, List<TopicPartition> failed,
                  String resource) {
        static Result of(ErrorCode code, String message) {
            return new Result(code, message, -1L, (short) -1, List.of(), null);
        }
    }

    private final String transactionalId;
    private final BrokerClient client;
    private final Metadata metadata;
    private final IntToLongFunction backoffNs;
    private final Consumer<Exception> onNoAnswer;
    final Coordinator transactionCoordinator;
    final Coordinator groupCoordinator = new Coordinator(FindCoordinatorRequest.KEY_TYPE_GROUP, "");
    private boolean inFlight;
    private long notBeforeNs;
    private int failures;
    /** The coordinator node this class last started a connection to (-1: none): a failed connect means look again. */
    private int connectingTo = -1;

    CoordinatorRequests(String transactionalId, BrokerClient client, Metadata metadata, IntToLongFunction backoffNs,
            Consumer<Exception> onNoAnswer) {
        this.transactionalId = transactionalId;
        this.client = client;
        this.metadata = metadata;
        this.backoffNs = backoffNs;
        this.onNoAnswer = onNoAnswer;
        this.transactionCoordinator = new Coordinator(FindCoordinatorRequest.KEY_TYPE_TRANSACTION, transactionalId);
    }

    /** Nanoseconds until a request may go (0 = now): one is in flight, or a retry waits for its backoff. */
    long waitNs(long nowNs) {
        if (inFlight) {
            return IDLE_NS;
        }
        return nowNs < notBeforeNs ? notBeforeNs - nowNs : 0;
    }

    /**
     * Whether transactions v2 may be used: the transaction coordinator's broker reports a finalized
     * {@code transaction.version} of 2 or more and speaks EndTxn v5 and Produce v12. {@code previous} when its
     * broker is not connected (the answer is asked again at every beginTransaction).
     */
    boolean transactionsV2Available(boolean previous) {
        BrokerAddress a = transactionCoordinator.address;
        if (a == null || !client.supports(a.nodeId(), ApiKey.END_TXN)) {
            return previous;
        }
        int node = a.nodeId();
        return client.finalizedTransactionVersion(node) >= 2 && client.version(node, ApiKey.END_TXN) >= FIRST_V2_END_TXN
                && client.supports(node, ApiKey.PRODUCE) && client.version(node, ApiKey.PRODUCE) >= FIRST_V2_PRODUCE;
    }

    // ------------------------------------------------------------------------------------------------ requests

    long initProducerId(int transactionTimeoutMs, boolean bump, Idempotence idempotence, long nowNs,
            Consumer<Result> handler) {
        int node = readyNode(transactionCoordinator, handler, nowNs);
        if (node < 0) {
            return pending(nowNs);
        }
        short version = client.version(node, ApiKey.INIT_PRODUCER_ID);
        boolean withEpoch = bump && version >= FIRST_INIT_PRODUCER_ID_WITH_EPOCH && idempotence.hasProducerId();
        RequestBody request = new InitProducerIdRequest(transactionalId, transactionTimeoutMs,
                withEpoch ? idempotence.producerId() : -1L, withEpoch ? idempotence.epoch() : (short) -1);
        return send(transactionCoordinator, node, request, version, nowNs, handler, (body, v) -> {
            InitProducerIdResponse r = InitProducerIdResponse.parse(body, v);
            return new Result(ErrorCode.forCode(r.errorCode()), null, r.producerId(), r.producerEpoch(), List.of(),
                    null);
        });
    }

    long addPartitions(long producerId, short epoch, List<TopicPartition> partitions, long nowNs,
            Consumer<Result> handler) {
        int node = readyNode(transactionCoordinator, handler, nowNs);
        if (node < 0) {
            return pending(nowNs);
        }
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<AddPartitionsToTxnRequest.Topic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((t, ps) -> topics.add(new AddPartitionsToTxnRequest.Topic(t, ps)));
        RequestBody request = new AddPartitionsToTxnRequest(transactionalId, producerId, epoch, topics);
        return send(transactionCoordinator, node, request, client.version(node, ApiKey.ADD_PARTITIONS_TO_TXN), nowNs,
                handler, (body, v) -> {
                    AddPartitionsToTxnResponse r = AddPartitionsToTxnResponse.parse(body, v);
                    ErrorCode worst = ErrorCode.NONE;
                    List<TopicPartition> failed = new ArrayList<>();
                    for (AddPartitionsToTxnResponse.PartitionResult p : r.results()) {
                        ErrorCode code = ErrorCode.forCode(p.errorCode());
                        if (code != ErrorCode.NONE) {
                            failed.add(new TopicPartition(p.topic(), p.partition()));
                            worst = worse(worst, code);
                        }
                    }
                    for (TopicPartition tp : partitions) {
                        if (r.errorCodeFor(tp.topic(), tp.partition()) == null) {
                            failed.add(tp); // not answered: try again
                            worst = worse(worst, ErrorCode.OPERATION_NOT_ATTEMPTED);
                        }
                    }
                    return new Result(worst, null, -1L, (short) -1, failed,
                            failed.isEmpty() ? null : failed.get(0).toString());
                });
    }

    long addOffsets(long producerId, short epoch, String groupId, long nowNs, Consumer<Result> handler) {
        int node = readyNode(transactionCoordinator, handler, nowNs);
        if (node < 0) {
            return pending(nowNs);
        }
        RequestBody request = new AddOffsetsToTxnRequest(transactionalId, producerId, epoch, groupId);
        return send(transactionCoordinator, node, request, client.version(node, ApiKey.ADD_OFFSETS_TO_TXN), nowNs,
                handler, (body, v) -> Result.of(ErrorCode.forCode(AddOffsetsToTxnResponse.parse(body, v).errorCode()),
                        null));
    }

    long commitOffsets(long producerId, short epoch, ConsumerGroupMetadata group,
            Map<dev.vltava.producer.TopicPartition, OffsetAndMetadata> offsets, boolean v2, long nowNs,
            Consumer<Result> handler) {
        groupCoordinator.use(group.groupId());
        int node = readyNode(groupCoordinator, handler, nowNs);
        if (node < 0) {
            return pending(nowNs);
        }
        short usable = client.version(node, ApiKey.TXN_OFFSET_COMMIT);
        short version = (short) Math.min(usable, v2 ? V2_TXN_OFFSET_COMMIT : LAST_V1_TXN_OFFSET_COMMIT);
        Map<String, List<TxnOffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommitRequest.Partition(tp.partition(), o.offset(), o.leaderEpoch(), o.metadata())));
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((t, ps) -> topics.add(new TxnOffsetCommitRequest.Topic(t, null, ps)));
        RequestBody request = new TxnOffsetCommitRequest(transactionalId, group.groupId(), producerId, epoch,
                group.generationId(), group.memberId(), group.groupInstanceId(), topics);
        return send(groupCoordinator, node, request, version, nowNs, handler, (body, v) -> {
            TxnOffsetCommitResponse r = TxnOffsetCommitResponse.parse(body, v);
            ErrorCode worst = ErrorCode.NONE;
            String resource = null;
            for (TxnOffsetCommitResponse.PartitionResult p : r.results()) {
                ErrorCode code = ErrorCode.forCode(p.errorCode());
                if (code != ErrorCode.NONE && worse(worst, code) == code) {
                    worst = code;
                    resource = p.topic() + "-" + p.partition() + " of group " + group.groupId();
                }
            }
            return new Result(worst, null, -1L, (short) -1, List.of(), resource);
        });
    }

    long endTxn(long producerId, short epoch, boolean commit, boolean v2, long nowNs, Consumer<Result> handler) {
        int node = readyNode(transactionCoordinator, handler, nowNs);
        if (node < 0) {
            return pending(nowNs);
        }
        short usable = client.version(node, ApiKey.END_TXN);
        short version = v2 ? usable : (short) Math.min(usable, LAST_V1_END_TXN);
        RequestBody request = new EndTxnRequest(transactionalId, producerId, epoch, commit);
        return send(transactionCoordinator, node, request, version, nowNs, handler, (body, v) -> {
            EndTxnResponse r = EndTxnResponse.parse(body, v);
            return new Result(ErrorCode.forCode(r.errorCode()), null, r.producerId(), r.producerEpoch(), List.of(),
                    null);
        });
    }

    // ----------------------------------------------------------------------------------------------- machinery

    /** Parses a response body at a version. */
    @FunctionalInterface
    private interface Parser {
        Result parse(ByteBuffer body, short version);
    }

    private long send(Coordinator coordinator, int node, RequestBody request, short version, long nowNs,
            Consumer<Result> handler, Parser parser) {
        inFlight = true;
        String api = request.apiKey().apiName();
        client.send(node, request, version, true, new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer body, short v, long now) {
                inFlight = false;
                Result r = parser.parse(body, v);
                schedule(coordinator, r.code(), now);
                handler.accept(r);
            }

            @Override
            public void onFailure(Exception cause, long now) {
                inFlight = false;
                // No answer (disconnect, request timeout): the coordinator may have moved. Look again, then retry.
                coordinator.forget();
                retryAfterBackoff(now);
                onNoAnswer.accept(new RuntimeException(api + " to " + coordinator + " got no answer", cause));
            }
        }, nowNs);
        return IDLE_NS;
    }

    /** After an answer: what the retry of an error needs (a new lookup, a backoff), or a clean slate. */
    private void schedule(Coordinator coordinator, ErrorCode code, long nowNs) {
        switch (TransactionErrors.action(code)) {
            case NONE -> failures = 0;
            case FIND_COORDINATOR -> {
                coordinator.forget();
                retryAfterBackoff(nowNs);
            }
            case RETRY -> retryAfterBackoff(nowNs);
            default -> failures = 0;
        }
    }

    private void retryAfterBackoff(long nowNs) {
        failures++;
        notBeforeNs = Deadlines.plusNs(nowNs, backoffNs.applyAsLong(failures));
    }

    /** Set by {@link #readyNode}: how long until it may get further (a reconnect backoff), else IDLE_NS. */
    private long nextDelayNs = IDLE_NS;

    /** The wait after {@link #readyNode} said no: for the lookup it started, a backoff, or a connection. */
    private long pending(long nowNs) {
        if (inFlight) {
            return IDLE_NS;
        }
        return notBeforeNs > nowNs ? notBeforeNs - nowNs : nextDelayNs;
    }

    /**
     * The coordinator's node id when it is ready to take a request; else -1, after starting what gets it there:
     * a FindCoordinator (whose errors that are neither moves nor loads go to {@code handler}), or a connection.
     */
    private int readyNode(Coordinator coordinator, Consumer<Result> handler, long nowNs) {
        nextDelayNs = IDLE_NS;
        BrokerAddress a = coordinator.address;
        if (a == null) {
            lookUp(coordinator, handler, nowNs);
            return -1;
        }
        int id = a.nodeId();
        if (client.isReady(id)) {
            connectingTo = -1;
            return id;
        }
        if (!client.isConnectedOrConnecting(id)) {
            if (connectingTo == id) {
                // The connection we started failed: the broker may be gone, and the coordinator with it.
                connectingTo = -1;
                coordinator.forget();
                retryAfterBackoff(nowNs);
                return -1;
            }
            if (client.connect(a, nowNs)) {
                connectingTo = id;
            } else {
                nextDelayNs = Math.max(1, client.reconnectDelayNs(id, nowNs));
            }
        }
        return -1; // connecting, or max.in.flight reached: the network wakes the sender
    }

    private void lookUp(Coordinator coordinator, Consumer<Result> handler, long nowNs) {
        BrokerAddress any = client.leastLoadedReady(metadata.snapshot().nodes().values());
        if (any == null) {
            metadata.requestUpdate(); // the metadata updater connects to a broker
            return;
        }
        short version = client.version(any.nodeId(), ApiKey.FIND_COORDINATOR);
        String key = coordinator.key;
        inFlight = true;
        client.send(any.nodeId(), new FindCoordinatorRequest(key, coordinator.keyType), version, true,
                new ResponseHandler() {
                    @Override
                    public void onResponse(ByteBuffer body, short v, long now) {
                        inFlight = false;
                        FindCoordinatorResponse.Coordinator found = FindCoordinatorResponse.parse(body, v)
                                .coordinatorFor(key);
                        ErrorCode code = found == null ? ErrorCode.COORDINATOR_NOT_AVAILABLE
                                : ErrorCode.forCode(found.errorCode());
                        if (code == ErrorCode.NONE && key.equals(coordinator.key)) {
                            coordinator.address = new BrokerAddress(found.nodeId(), found.host(), found.port(), null);
                            failures = 0;
                            return;
                        }
                        TransactionErrors.Action action = TransactionErrors.action(code);
                        if (action == TransactionErrors.Action.NONE || action == TransactionErrors.Action.RETRY
                                || action == TransactionErrors.Action.FIND_COORDINATOR) {
                            retryAfterBackoff(now);
                            return;
                        }
                        handler.accept(new Result(code, found == null ? null : found.errorMessage(), -1L, (short) -1,
                                List.of(), coordinator.keyType == FindCoordinatorRequest.KEY_TYPE_GROUP
                                ? "group " + key : null));
                    }

                    @Override
                    public void onFailure(Exception cause, long now) {
                        inFlight = false;
                        retryAfterBackoff(now);
                    }
                }, nowNs);
    }

    /** The more serious of two errors: fatal over abortable over a coordinator move over a retry. */
    private static ErrorCode worse(ErrorCode a, ErrorCode b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(ErrorCode code) {
        return switch (TransactionErrors.action(code)) {
            case NONE -> 0;
            case RETRY -> code == ErrorCode.OPERATION_NOT_ATTEMPTED ? 1 : 2;
            case FIND_COORDINATOR -> 3;
            case ABORTABLE -> 4;
            case FATAL -> 5;
        };
    }
}
