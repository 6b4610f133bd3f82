package dev.vltava.producer.testkit.mock;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Produce: checks leadership (NOT_LEADER_OR_FOLLOWER, with a KIP-951 hint when scripted), applies scripted errors,
 * and appends each partition's batches to its {@link PartitionLog}. acks=0 gets no response, as from a broker.
 */
final class ProduceHandler {
    private static final short FIRST_TOPIC_ID_VERSION = 13;
    private static final short FIRST_ERROR_MESSAGE_VERSION = 8;
    private static final short FIRST_LEADER_HINT_VERSION = 10;

    private final MockBroker broker;

    ProduceHandler(MockBroker broker) {
        this.broker = broker;
    }

    MockBroker.Reply handle(int nodeId, RequestHeader header, ProduceRequestData request) {
        short version = header.apiVersion();
        List<TopicPartition> named = new ArrayList<>();
        synchronized (broker) {
            for (ProduceRequestData.TopicProduceData t : request.topicData()) {
                String name = topicName(t, version);
                for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                    named.add(new TopicPartition(name == null ? "" : name, p.index()));
                }
            }
        }
        Rule rule = broker.takeRule(ApiKeys.PRODUCE, nodeId, named);
        if (RequestHandler.skips(rule)) {
            return new MockBroker.Reply(rule.action, null, 0);
        }
        ProduceResponseData response = new ProduceResponseData();
        synchronized (broker) {
            for (ProduceRequestData.TopicProduceData t : request.topicData()) {
                String name = topicName(t, version);
                ProduceResponseData.TopicProduceResponse tr = new ProduceResponseData.TopicProduceResponse();
                if (version >= FIRST_TOPIC_ID_VERSION) {
                    tr.setTopicId(t.topicId());
                } else {
                    tr.setName(t.name());
                }
                for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                    tr.partitionResponses().add(partition(nodeId, name, p, rule, version, response));
                }
                response.responses().add(tr);
            }
        }
        if (request.acks() == 0) {
            Rule.Action action = rule == null || rule.action == Rule.Action.ERROR ? Rule.Action.ANSWER : rule.action;
            return new MockBroker.Reply(action, null, 0);
        }
        return RequestHandler.answer(response, header, rule);
    }

    private String topicName(ProduceRequestData.TopicProduceData t, short version) {
        if (version < FIRST_TOPIC_ID_VERSION) {
            return t.name();
        }
        for (MockBroker.TopicInfo info : broker.topics.values()) {
            if (info.id.equals(t.topicId())) {
                return info.name;
            }
        }
        return null;
    }

    private ProduceResponseData.PartitionProduceResponse partition(int nodeId, String topic,
            ProduceRequestData.PartitionProduceData p, Rule rule, short version, ProduceResponseData response) {
        ProduceResponseData.PartitionProduceResponse out = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(p.index()).setBaseOffset(-1L).setLogAppendTimeMs(-1L).setLogStartOffset(0L);
        MockBroker.TopicInfo t = topic == null ? null : broker.topics.get(topic);
        if (t == null || p.index() < 0 || p.index() >= t.leaders.length) {
            return out.setErrorCode((version >= FIRST_TOPIC_ID_VERSION ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        TopicPartition tp = new TopicPartition(topic, p.index());
        if (rule != null && rule.action == Rule.Action.ERROR && rule.covers(topic, p.index())) {
            return error(out, rule.error, rule.errorMessage, version);
        }
        int leader = t.leaders[p.index()];
        if (leader != nodeId) {
            if (broker.leaderHints.contains(tp) && version >= FIRST_LEADER_HINT_VERSION) {
                out.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch().setLeaderId(leader)
                        .setLeaderEpoch(t.leaderEpochs[p.index()]));
                if (response.nodeEndpoints().find(leader) == null) {
                    response.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(leader)
                            .setHost("127.0.0.1").setPort(broker.port(leader)));
                }
            }
            return error(out, Errors.NOT_LEADER_OR_FOLLOWER, "node " + nodeId + " does not lead " + tp, version);
        }
        PartitionLog log = broker.log(tp);
        long firstOffset = -1L;
        for (MutableRecordBatch batch : ((MemoryRecords) p.records()).batches()) {
            PartitionLog.Outcome o = log.append(batch, broker.duplicateAsError);
            if (o.error() != Errors.NONE) {
                broker.log("node " + nodeId + " " + tp + ": " + o.error() + " " + o.message());
                return error(out, o.error(), o.message(), version);
            }
            if (firstOffset < 0) {
                firstOffset = o.baseOffset();
            }
        }
        return out.setBaseOffset(firstOffset);
    }

    private static ProduceResponseData.PartitionProduceResponse error(
            ProduceResponseData.PartitionProduceResponse out, Errors error, String message, short version) {
        out.setErrorCode(error.code());
        if (version >= FIRST_ERROR_MESSAGE_VERSION && message != null) {
            out.setErrorMessage(message);
        }
        return out;
    }
}
