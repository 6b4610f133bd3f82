package dev.vltava.producer.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * The simulated cluster: brokers that are up or down, topics whose partitions have a leader and a leader epoch, one
 * {@link SimLog} per partition (shared by all replicas: replication is perfect), and the request handling of a broker
 * (ApiVersions, Metadata, InitProducerId, Produce) with the official message classes. Faults that live in the broker
 * (injected error codes, stale metadata, KIP-951 hints) are decided here from the simulation's random source.
 */
final class SimCluster {
    static final short PRODUCE_FIRST_LEADER_HINT_VERSION = 10;
    static final short PRODUCE_FIRST_TOPIC_ID_VERSION = 13;

    final class Topic {
        final String name;
        final Uuid id;
        final int[] leaders;
        final int[] epochs;
        /** Until when (virtual ms) the partition's leader has not applied its election yet (LEADER_ELECTION_LAG). */
        final long[] electedUntilMs;
        final SimLog[] logs;

        Topic(String name, int index, int partitions) {
            this.name = name;
            this.id = new Uuid(0x5151L, index + 1L);
            this.leaders = new int[partitions];
            this.epochs = new int[partitions];
            this.electedUntilMs = new long[partitions];
            this.logs = new SimLog[partitions];
            for (int p = 0; p < partitions; p++) {
                leaders[p] = (index + p) % brokerUp.length;
                logs[p] = new SimLog();
                logs[p].duplicateAsError = faults.duplicateAsError;
            }
        }
    }

    /** A copy of every topic's leaders and epochs, served by a broker whose metadata is stale. */
    record View(Map<String, int[]> leaders, Map<String, int[]> epochs) {
    }

    final Map<String, Topic> topics = new LinkedHashMap<>();
    final boolean[] brokerUp;
    /** Per broker: the stale view it serves in Metadata responses, or null for the current one. */
    final View[] staleView;
    private final SimRandom random;
    private final SimFaults faults;
    private final SimStats stats;
    private final SimRecords records;
    private long nextProducerId = 1_000;
    /** -Dsim.trace=true: prints what the brokers do (for replaying one seed). */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");
    java.util.function.LongSupplier clockMs = () -> 0;

    void trace(String what) {
        if (TRACE) {
            System.out.println("TRACE " + clockMs.getAsLong() + " ms: " + what + " [" + Thread.currentThread().getName() + "]");
        }
    }

    SimCluster(int brokers, SimRandom random, SimFaults faults, SimStats stats, SimRecords records) {
        this.records = records;
        this.brokerUp = new boolean[brokers];
        this.staleView = new View[brokers];
        java.util.Arrays.fill(brokerUp, true);
        this.random = random;
        this.faults = faults;
        this.stats = stats;
    }

    void addTopic(String name, int partitions) {
        topics.put(name, new Topic(name, topics.size(), partitions));
    }

    int brokers() {
        return brokerUp.length;
    }

    View view() {
        Map<String, int[]> l = new LinkedHashMap<>();
        Map<String, int[]> e = new LinkedHashMap<>();
        for (Topic t : topics.values()) {
            l.put(t.name, t.leaders.clone());
            e.put(t.name, t.epochs.clone());
        }
        return new View(l, e);
    }

    /** Moves a partition's leadership to another live broker (or to none if none is up); epoch + 1. */
    void moveLeader(Topic t, int partition) {
        List<Integer> candidates = new ArrayList<>();
        for (int b = 0; b < brokerUp.length; b++) {
            if (brokerUp[b] && b != t.leaders[partition]) {
                candidates.add(b);
            }
        }
        t.leaders[partition] = candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
        t.epochs[partition]++;
        electionLag(t, partition);
    }

    /** With LEADER_ELECTION_LAG: the new leader applies its election a little later than Metadata names it. */
    private void electionLag(Topic t, int partition) {
        if (faults.electionLagMaxMs > 0) {
            t.electedUntilMs[partition] = clockMs.getAsLong()
                    + (long) Math.ceil(faults.lagRandom.between(0.0, faults.electionLagMaxMs));
        }
    }

    /** A broker goes down: every partition it leads moves elsewhere. */
    void brokerDown(int broker) {
        brokerUp[broker] = false;
        for (Topic t : topics.values()) {
            for (int p = 0; p < t.leaders.length; p++) {
                if (t.leaders[p] == broker) {
                    moveLeader(t, p);
                }
            }
        }
    }

    /** A broker comes back; partitions left without a leader get it. */
    void brokerUp(int broker) {
        brokerUp[broker] = true;
        for (Topic t : topics.values()) {
            for (int p = 0; p < t.leaders.length; p++) {
                if (t.leaders[p] < 0) {
                    t.leaders[p] = broker;
                    t.epochs[p]++;
                    electionLag(t, p);
                }
            }
        }
    }

    /**
     * What a broker answers: the response frame (null for none: acks=0), and the ids of records whose fate the client
     * learns once that frame is delivered (written and answered, or rejected without being written).
     */
    record Reply(ByteBuffer frame, List<Long> resolvedOnDelivery) {
    }

    private List<Long> resolvable;

    /** The produce attempt being handled (see {@link SimAttempts}), or null. */
    private SimAttempts.Attempt attempt;

    /** Handles one request frame (no size prefix) arriving at the broker; {@code attempt} for a produce request. */
    Reply handle(int broker, ByteBuffer body, SimAttempts.Attempt attempt) {
        this.attempt = attempt;
        resolvable = new ArrayList<>();
        RequestHeader header = RequestHeader.parse(body);
        short v = header.apiVersion();
        ByteBufferAccessor in = new ByteBufferAccessor(body.slice());
        ApiMessage answer = switch (header.apiKey()) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadata(broker, new MetadataRequestData(in, v));
            case INIT_PRODUCER_ID -> random.chance(faults.initProducerIdError)
                    ? new InitProducerIdResponseData().setErrorCode(random.pick(Errors.COORDINATOR_NOT_AVAILABLE,
                            Errors.COORDINATOR_LOAD_IN_PROGRESS).code()).setProducerId(-1L).setProducerEpoch((short) -1)
                    : new InitProducerIdResponseData().setProducerId(nextProducerId++).setProducerEpoch((short) 0);
            case PRODUCE -> produce(broker, new ProduceRequestData(in, v), v);
            default -> throw new IllegalStateException("the simulated broker does not handle " + header.apiKey());
        };
        if (answer == null) {
            return new Reply(null, List.of());
        }
        return new Reply(RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(header.correlationId()),
                header.apiKey().responseHeaderVersion(v), answer, v), resolvable);
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.INIT_PRODUCER_ID}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        return d;
    }

    private MetadataResponseData metadata(int broker, MetadataRequestData request) {
        View view = staleView[broker] != null ? staleView[broker] : view();
        if (staleView[broker] != null) {
            stats.staleMetadataServed++;
        }
        MetadataResponseData d = new MetadataResponseData().setClusterId("sim").setControllerId(0);
        for (int b = 0; b < brokerUp.length; b++) {
            if (brokerUp[b]) {
                d.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b).setHost(host(b))
                        .setPort(9092));
            }
        }
        List<String> names = new ArrayList<>();
        if (request.topics() == null) {
            names.addAll(topics.keySet());
        } else {
            for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                if (t.name() != null) {
                    names.add(t.name());
                }
            }
        }
        for (String name : names) {
            Topic t = topics.get(name);
            MetadataResponseData.MetadataResponseTopic rt = new MetadataResponseData.MetadataResponseTopic()
                    .setName(name);
            if (t == null) {
                d.topics().add(rt.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            rt.setTopicId(t.id);
            int[] leaders = view.leaders().get(name);
            int[] epochs = view.epochs().get(name);
            for (int p = 0; p < leaders.length; p++) {
                List<Integer> replicas = new ArrayList<>();
                for (int b = 0; b < brokerUp.length; b++) {
                    replicas.add(b);
                }
                MetadataResponseData.MetadataResponsePartition rp = new MetadataResponseData.MetadataResponsePartition()
                        .setPartitionIndex(p).setLeaderId(leaders[p]).setLeaderEpoch(epochs[p])
                        .setReplicaNodes(replicas).setIsrNodes(replicas);
                if (leaders[p] < 0) {
                    rp.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
                }
                rt.partitions().add(rp);
            }
            d.topics().add(rt);
        }
        return d;
    }

    private ProduceResponseData produce(int broker, ProduceRequestData request, short version) {
        stats.produceRequests++;
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData td : request.topicData()) {
            Topic t = version >= PRODUCE_FIRST_TOPIC_ID_VERSION ? byId(td.topicId()) : topics.get(td.name());
            ProduceResponseData.TopicProduceResponse tr = new ProduceResponseData.TopicProduceResponse();
            if (version >= PRODUCE_FIRST_TOPIC_ID_VERSION) {
                tr.setTopicId(td.topicId());
            } else {
                tr.setName(td.name());
            }
            for (ProduceRequestData.PartitionProduceData pd : td.partitionData()) {
                List<List<Long>> perBatch = recordIds(pd);
                List<Long> ids = new ArrayList<>();
                perBatch.forEach(ids::addAll);
                records.reachedBroker(ids);
                ProduceResponseData.PartitionProduceResponse pr = partition(broker, t, pd, perBatch, version,
                        response);
                if (attempt != null && t != null) {
                    attempt.brokerOk.put(SimAttempts.key(t.name, pd.index()), pr.errorCode() == Errors.NONE.code()
                            || pr.errorCode() == Errors.DUPLICATE_SEQUENCE_NUMBER.code());
                    attempt.ids.put(SimAttempts.key(t.name, pd.index()), ids);
                    records.attempted(ids, attempt);
                }
                if (!afterAppendError) {
                    resolvable.addAll(ids);
                }
                tr.partitionResponses().add(pr);
            }
            response.responses().add(tr);
        }
        return request.acks() == 0 ? null : response;
    }

    /** Decompression buffers, reused (the official iterator otherwise allocates 64 KB+ per compressed batch). */
    private final BufferSupplier buffers = BufferSupplier.create();

    /** The record ids of each batch (an invalid batch has none: the broker rejects it before reading records). */
    private List<List<Long>> recordIds(ProduceRequestData.PartitionProduceData pd) {
        List<List<Long>> out = new ArrayList<>();
        for (MutableRecordBatch batch : ((MemoryRecords) pd.records()).batches()) {
            List<Long> ids = new ArrayList<>();
            if (batch.isValid()) {
                try (CloseableIterator<Record> it = batch.streamingIterator(buffers)) {
                    while (it.hasNext()) {
                        ByteBuffer v = it.next().value();
                        ids.add(v == null || v.remaining() < 8 ? -1L : v.getLong(v.position()));
                    }
                }
            }
            out.add(ids);
        }
        return out;
    }

    private boolean afterAppendError;

    /** The name of the topic with this id, or "?" for none. */
    String topicName(Uuid id) {
        Topic t = byId(id);
        return t == null ? "?" : t.name;
    }

    private Topic byId(Uuid id) {
        for (Topic t : topics.values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }

    private ProduceResponseData.PartitionProduceResponse partition(int broker, Topic t,
            ProduceRequestData.PartitionProduceData pd, List<List<Long>> perBatch, short version,
            ProduceResponseData response) {
        afterAppendError = false;
        ProduceResponseData.PartitionProduceResponse out = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(pd.index()).setBaseOffset(-1L).setLogAppendTimeMs(-1L).setLogStartOffset(0L);
        if (t == null || pd.index() < 0 || pd.index() >= t.leaders.length) {
            return out.setErrorCode((version >= PRODUCE_FIRST_TOPIC_ID_VERSION ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        Errors injected = faults.produceError(random);
        boolean appendFirst = injected != null && SimFaults.mayHaveAppended(injected) && random.nextBoolean();
        if (injected != null && !appendFirst) {
            stats.injectedErrors++;
            return out.setErrorCode(injected.code());
        }
        int leader = t.leaders[pd.index()];
        if (leader == broker && clockMs.getAsLong() < t.electedUntilMs[pd.index()]) {
            stats.electionLagRejections++; // elected, but it has not applied that yet: it knows no newer leader
            return out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        if (leader != broker) {
            if (faults.leaderHints && version >= PRODUCE_FIRST_LEADER_HINT_VERSION && leader >= 0
                    && random.nextBoolean()) {
                stats.leaderHints++;
                out.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch().setLeaderId(leader)
                        .setLeaderEpoch(t.epochs[pd.index()]));
                if (response.nodeEndpoints().find(leader) == null) {
                    response.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(leader)
                            .setHost(host(leader)).setPort(9092));
                }
            }
            stats.notLeader++;
            return out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        SimLog log = t.logs[pd.index()];
        long first = -1;
        int i = 0;
        for (MutableRecordBatch batch : ((MemoryRecords) pd.records()).batches()) {
            SimLog.Outcome o = log.append(batch, perBatch.get(i++), attempt);
            trace("broker " + broker + " " + t.name + "-" + pd.index() + " pid " + batch.producerId() + "/"
                    + batch.producerEpoch() + " seq " + batch.baseSequence() + ".." + batch.lastSequence() + " ids "
                    + perBatch.get(i - 1) + " -> " + o);
            if (o.error() == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                stats.logErrors.merge(o.error().name(), 1, Integer::sum);
                return out.setErrorCode(o.error().code()); // the batch is in the log already
            }
            if (o.error() != Errors.NONE) {
                stats.logErrors.merge(o.error().name(), 1, Integer::sum);
                return out.setErrorCode(o.error().code());
            }
            if (first < 0) {
                first = o.baseOffset();
            }
        }
        if (appendFirst) {
            stats.injectedErrors++;
            afterAppendError = true;
            return out.setErrorCode(injected.code()); // written, but the broker says it failed (ambiguous)
        }
        return out.setBaseOffset(first);
    }

    static String host(int broker) {
        return "b" + broker;
    }
}
