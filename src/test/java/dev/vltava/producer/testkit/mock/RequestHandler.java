package dev.vltava.producer.testkit.mock;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Decodes one request with the official classes, consults the script, and builds the response. ApiVersions,
 * Metadata and InitProducerId are here; Produce is in {@link ProduceHandler}.
 */
final class RequestHandler {
    private static final ApiKeys[] SUPPORTED = {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
        ApiKeys.INIT_PRODUCER_ID};

    private final MockBroker broker;
    private final ProduceHandler produce;

    RequestHandler(MockBroker broker) {
        this.broker = broker;
        this.produce = new ProduceHandler(broker);
    }

    MockBroker.Reply handle(int nodeId, ByteBuffer frame) {
        ApiKeys api = ApiKeys.forId(frame.getShort(0));
        short version = frame.getShort(2);
        if (api == ApiKeys.API_VERSIONS && version > api.latestVersion()) {
            // A newer client: answer in v0 with UNSUPPORTED_VERSION and our range, as a broker does.
            broker.countRequest(nodeId, api);
            return answer(apiVersionsBody(Errors.UNSUPPORTED_VERSION), frame.getInt(4), (short) 0, (short) 0, null);
        }
        RequestHeader header = RequestHeader.parse(frame);
        broker.countRequest(nodeId, api);
        ByteBufferAccessor body = new ByteBufferAccessor(frame.slice());
        return switch (api) {
            case API_VERSIONS -> apiVersions(nodeId, header);
            case METADATA -> metadata(nodeId, header, new MetadataRequestData(body, version));
            case INIT_PRODUCER_ID -> initProducerId(nodeId, header);
            case PRODUCE -> produce.handle(nodeId, header, new ProduceRequestData(body, version));
            default -> {
                broker.log("node " + nodeId + ": unsupported request " + api + ", closing the connection");
                yield new MockBroker.Reply(Rule.Action.DROP_BEFORE, null, 0);
            }
        };
    }

    private MockBroker.Reply apiVersions(int nodeId, RequestHeader header) {
        Rule rule = broker.takeRule(ApiKeys.API_VERSIONS, nodeId, List.of());
        if (skips(rule)) {
            return new MockBroker.Reply(rule.action, null, 0);
        }
        Errors error = rule != null && rule.action == Rule.Action.ERROR ? rule.error : Errors.NONE;
        return answer(apiVersionsBody(error), header, rule);
    }

    private ApiVersionsResponseData apiVersionsBody(Errors error) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(error.code());
        synchronized (broker) {
            for (ApiKeys api : SUPPORTED) {
                short max = (short) Math.min(api.latestVersion(), broker.maxVersions.getOrDefault(api,
                        api.latestVersion()));
                short min = (short) Math.min(api.oldestVersion(), max);
                data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(api.id).setMinVersion(min)
                        .setMaxVersion(max));
            }
        }
        return data;
    }

    private MockBroker.Reply metadata(int nodeId, RequestHeader header, MetadataRequestData request) {
        List<String> names = new ArrayList<>();
        synchronized (broker) {
            if (request.topics() == null || (header.apiVersion() == 0 && request.topics().isEmpty())) {
                names.addAll(broker.topics.keySet());
            } else {
                for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                    names.add(t.name() != null ? t.name() : nameOf(t.topicId()));
                }
            }
        }
        List<TopicPartition> asPartitions = new ArrayList<>();
        for (String n : names) {
            asPartitions.add(new TopicPartition(n == null ? "" : n, -1));
        }
        Rule rule = broker.takeRule(ApiKeys.METADATA, nodeId, asPartitions);
        if (skips(rule)) {
            return new MockBroker.Reply(rule.action, null, 0);
        }
        MetadataResponseData data = new MetadataResponseData().setClusterId(MockBroker.CLUSTER_ID).setControllerId(0);
        synchronized (broker) {
            for (int id = 0; id < broker.nodeCount(); id++) {
                data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(id)
                        .setHost("127.0.0.1").setPort(broker.port(id)));
            }
            for (String name : names) {
                data.topics().add(topicMetadata(name, rule));
            }
        }
        return answer(data, header, rule);
    }

    private MetadataResponseData.MetadataResponseTopic topicMetadata(String name, Rule rule) {
        MockBroker.TopicInfo t = name == null ? null : broker.topics.get(name);
        MetadataResponseData.MetadataResponseTopic out = new MetadataResponseData.MetadataResponseTopic()
                .setName(name);
        if (rule != null && rule.action == Rule.Action.ERROR && rule.covers(name, -1)) {
            return out.setErrorCode(rule.error.code());
        }
        if (t == null) {
            return out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        out.setTopicId(t.id);
        for (int p = 0; p < t.leaders.length; p++) {
            List<Integer> replicas = List.of(t.leaders[p]);
            out.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p)
                    .setLeaderId(t.leaders[p]).setLeaderEpoch(t.leaderEpochs[p]).setReplicaNodes(replicas)
                    .setIsrNodes(replicas));
        }
        return out;
    }

    private String nameOf(org.apache.kafka.common.Uuid id) {
        for (MockBroker.TopicInfo t : broker.topics.values()) {
            if (t.id.equals(id)) {
                return t.name;
            }
        }
        return null;
    }

    private MockBroker.Reply initProducerId(int nodeId, RequestHeader header) {
        Rule rule = broker.takeRule(ApiKeys.INIT_PRODUCER_ID, nodeId, List.of());
        if (skips(rule)) {
            return new MockBroker.Reply(rule.action, null, 0);
        }
        InitProducerIdResponseData data = new InitProducerIdResponseData();
        if (rule != null && rule.action == Rule.Action.ERROR) {
            data.setErrorCode(rule.error.code()).setProducerId(-1L).setProducerEpoch((short) -1);
        } else {
            synchronized (broker) {
                data.setProducerId(broker.nextProducerId++).setProducerEpoch((short) 0);
            }
            broker.log("node " + nodeId + ": new producer id " + data.producerId());
        }
        return answer(data, header, rule);
    }

    /** Whether the rule says not to handle the request at all. */
    static boolean skips(Rule rule) {
        return rule != null && (rule.action == Rule.Action.DROP_BEFORE || rule.action == Rule.Action.STALL
                || rule.action == Rule.Action.STALL_UNREAD);
    }

    static MockBroker.Reply answer(ApiMessage body, RequestHeader header, Rule rule) {
        short headerVersion = header.apiKey().responseHeaderVersion(header.apiVersion());
        return answer(body, header.correlationId(), headerVersion, header.apiVersion(), rule);
    }

    private static MockBroker.Reply answer(ApiMessage body, int correlationId, short headerVersion, short version,
            Rule rule) {
        ByteBuffer bytes = RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                headerVersion, body, version);
        Rule.Action action = rule == null || rule.action == Rule.Action.ERROR ? Rule.Action.ANSWER : rule.action;
        return new MockBroker.Reply(action, bytes, rule == null ? 0 : rule.delayMs);
    }
}
