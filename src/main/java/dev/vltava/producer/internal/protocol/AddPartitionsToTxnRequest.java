package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * AddPartitionsToTxn request (key 24), the client form (v0-v3): enrolls partitions in the open transaction of a
 * transactions-v1 producer before it writes to them. Sent to the transaction coordinator.
 *
 * <pre>
 * v0-2:  transactional_id STRING | producer_id INT64 | producer_epoch INT16
 *        | topics ARRAY of { name STRING | partitions ARRAY of INT32 }
 * v3:    the same with compact strings and arrays, tagged fields after each topic and at the end
 * </pre>
 * v1 and v2 differ from v0 only in which errors the broker may answer with (v2: PRODUCER_FENCED).
 */
public record AddPartitionsToTxnRequest(String transactionalId, long producerId, short producerEpoch,
                                        List<Topic> topics) implements RequestBody {

    /** One topic and the partitions of it to enroll. */
    public record Topic(String name, List<Integer> partitions) {
        public Topic {
            Objects.requireNonNull(name, "name");
            partitions = List.copyOf(partitions);
        }
    }

    public AddPartitionsToTxnRequest {
        Objects.requireNonNull(transactionalId, "transactionalId");
        topics = List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkImplemented(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        int size = Wire.sizeOfString(transactionalId, flexible) + 8 + 2 + Wire.sizeOfArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            size += Wire.sizeOfString(topic.name(), flexible)
                    + Wire.sizeOfArrayLength(topic.partitions().size(), flexible) + 4 * topic.partitions().size();
            if (flexible) {
                size += Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
            }
        }
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkImplemented(version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        buffer.putLong(producerId);
        buffer.putShort(producerEpoch);
        Wire.writeArrayLength(buffer, topics.size(), flexible);
        for (Topic topic : topics) {
            Wire.writeString(buffer, topic.name(), flexible);
            Wire.writeArrayLength(buffer, topic.partitions().size(), flexible);
            for (int partition : topic.partitions()) {
                buffer.putInt(partition);
            }
            if (flexible) {
                Wire.writeEmptyTaggedFields(buffer);
            }
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }
}
