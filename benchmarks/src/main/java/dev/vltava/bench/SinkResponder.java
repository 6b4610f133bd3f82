package dev.vltava.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** Builds the sink's Metadata and Produce responses (one per connection thread; shared state lives in the sink). */
final class SinkResponder {
    /* Record batch v2: BaseOffset int64 @0, BatchLength int32 @8 (bytes after it), ..., RecordsCount int32 @57. */
    private static final int BATCH_LENGTH_OFFSET = 8;
    private static final int LOG_OVERHEAD = 12;
    private static final int RECORDS_COUNT_OFFSET = 57;

    private final SinkBroker sink;

    SinkResponder(SinkBroker sink) {
        this.sink = sink;
    }

    MetadataResponseData metadata(MetadataRequestData request, int port) {
        MetadataResponseData.MetadataResponseBrokerCollection brokers =
                new MetadataResponseData.MetadataResponseBrokerCollection();
        brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(SinkBroker.NODE_ID)
                .setHost("127.0.0.1").setPort(port));
        MetadataResponseData.MetadataResponseTopicCollection topics =
                new MetadataResponseData.MetadataResponseTopicCollection();
        List<String> names = new ArrayList<>();
        if (request.topics() == null) {
            names.addAll(sink.topicIds.keySet()); // "all topics": those seen so far
        } else {
            for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                names.add(t.name() != null ? t.name() : sink.topicNames.get(t.topicId()));
            }
        }
        for (String name : names) {
            if (name != null) {
                topics.add(topic(name));
            }
        }
        return new MetadataResponseData().setBrokers(brokers).setClusterId("vltava-sink")
                .setControllerId(SinkBroker.NODE_ID).setTopics(topics);
    }

    private MetadataResponseData.MetadataResponseTopic topic(String name) {
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
        for (int p = 0; p < sink.partitions(); p++) {
            partitions.add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p)
                    .setLeaderId(SinkBroker.NODE_ID).setLeaderEpoch(0).setReplicaNodes(List.of(SinkBroker.NODE_ID))
                    .setIsrNodes(List.of(SinkBroker.NODE_ID)).setOfflineReplicas(List.of()));
        }
        return new MetadataResponseData.MetadataResponseTopic().setName(name).setTopicId(topicId(name))
                .setIsInternal(false).setPartitions(partitions);
    }

    /** A stable id per topic name, so produce requests by id (v13) map back to the name. */
    private Uuid topicId(String name) {
        return sink.topicIds.computeIfAbsent(name, n -> {
            java.util.UUID u = java.util.UUID.nameUUIDFromBytes(n.getBytes(StandardCharsets.UTF_8));
            Uuid id = new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
            sink.topicNames.put(id, n);
            return id;
        });
    }

    ProduceResponseData produce(ProduceRequestData request) {
        ProduceResponseData.TopicProduceResponseCollection topics =
                new ProduceResponseData.TopicProduceResponseCollection();
        for (ProduceRequestData.TopicProduceData t : request.topicData()) {
            String name = t.name() != null && !t.name().isEmpty() ? t.name() : sink.topicNames.get(t.topicId());
            List<ProduceResponseData.PartitionProduceResponse> parts = new ArrayList<>(t.partitionData().size());
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                int records = p.records() instanceof MemoryRecords m ? countRecords(m.buffer()) : 0;
                sink.producedRecords.addAndGet(records);
                AtomicLong next = sink.nextOffsets.computeIfAbsent(name + "-" + p.index(), k -> new AtomicLong());
                long baseOffset = next.getAndAdd(records);
                parts.add(new ProduceResponseData.PartitionProduceResponse().setIndex(p.index())
                        .setErrorCode((short) 0).setBaseOffset(baseOffset).setLogAppendTimeMs(-1L)
                        .setLogStartOffset(0L));
            }
            topics.add(new ProduceResponseData.TopicProduceResponse().setName(t.name()).setTopicId(t.topicId())
                    .setPartitionResponses(parts));
        }
        return new ProduceResponseData().setResponses(topics);
    }

    private static int countRecords(ByteBuffer records) {
        int count = 0;
        int position = records.position();
        while (records.limit() - position >= RECORDS_COUNT_OFFSET + 4) {
            count += records.getInt(position + RECORDS_COUNT_OFFSET);
            position += LOG_OVERHEAD + records.getInt(position + BATCH_LENGTH_OFFSET);
        }
        return count;
    }
}
