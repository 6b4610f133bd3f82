package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * Produce request (key 0), v3 to v13. Record batches are referenced, never copied: {@link RequestFramer} hands each
 * partition's {@code records} to the socket as its own buffer (a {@code duplicate()} view), so the caller keeps
 * ownership and must not release or modify a batch buffer until the request is done with it.
 *
 * <pre>
 * transactional_id NULLABLE_STRING | acks INT16 | timeout_ms INT32
 * topic_data ARRAY of {
 *     name STRING (v3-12) | topic_id UUID (v13+)
 *     partition_data ARRAY of { index INT32 | records NULLABLE_BYTES (the record batches) | tagged (v9+) }
 *     tagged (v9+)
 * }
 * tagged (v9+)
 * </pre>
 * From v9 on all strings, bytes and arrays use compact encodings.
 */
public record ProduceRequest(String transactionalId, short acks, int timeoutMs, List<TopicData> topics)
        implements RequestBody {

    private static final short FIRST_WITH_TOPIC_IDS = 13;

    /** One topic: {@code name} is sent before v13, {@code topicId} from v13. */
    public record TopicData(String name, UUID topicId, List<PartitionData> partitions) {
        public TopicData {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * One partition's record batches: the bytes from {@code records.position()} to its limit. The buffer's own
     * position and limit are never changed by this package. {@code null} records are sent as a null field.
     */
    public record PartitionData(int partitionIndex, ByteBuffer records) {
    }

    public ProduceRequest {
        topics = List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    /** Total bytes of record batches referenced by this request (the part the framer does not copy). */
    public int recordsSizeInBytes() {
        int size = 0;
        for (TopicData topic : topics) {
            for (PartitionData partition : topic.partitions()) {
                size += partition.records() == null ? 0 : partition.records().remaining();
            }
        }
        return size;
    }

    @Override
    public int sizeInBytes(short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        int tagged = flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0;
        int size = Wire.sizeOfString(transactionalId, flexible) + 2 + 4 + Wire.sizeOfArrayLength(topics.size(), flexible);
        for (TopicData topic : topics) {
            size += version >= FIRST_WITH_TOPIC_IDS ? Wire.UUID_SIZE_BYTES : Wire.sizeOfString(topic.name(), flexible);
            size += Wire.sizeOfArrayLength(topic.partitions().size(), flexible);
            for (PartitionData partition : topic.partitions()) {
                int recordsLength = partition.records() == null ? -1 : partition.records().remaining();
                size += 4 + Wire.sizeOfBytesLength(recordsLength, flexible) + Math.max(0, recordsLength) + tagged;
            }
            size += tagged;
        }
        return size + tagged;
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        writeTo(buffer, version, RecordsWriter.COPYING);
    }

    /**
     * Writes the body, handing each partition's records to {@code recordsWriter} right after their length prefix,
     * so the framer can splice the batch buffers in without copying them.
     */
    void writeTo(ByteBuffer buffer, short version, RecordsWriter recordsWriter) {
        checkExpressible(version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        buffer.putShort(acks);
        buffer.putInt(timeoutMs);
        Wire.writeArrayLength(buffer, topics.size(), flexible);
        for (TopicData topic : topics) {
            if (version >= FIRST_WITH_TOPIC_IDS) {
                Wire.writeUuid(buffer, topic.topicId());
            } else {
                Wire.writeString(buffer, topic.name(), flexible);
            }
            Wire.writeArrayLength(buffer, topic.partitions().size(), flexible);
            for (PartitionData partition : topic.partitions()) {
                buffer.putInt(partition.partitionIndex());
                ByteBuffer records = partition.records();
                Wire.writeBytesLength(buffer, records == null ? -1 : records.remaining(), flexible);
                if (records != null) {
                    recordsWriter.write(buffer, records);
                }
                writeTaggedFields(buffer, flexible);
            }
            writeTaggedFields(buffer, flexible);
        }
        writeTaggedFields(buffer, flexible);
    }

    private static void writeTaggedFields(ByteBuffer buffer, boolean flexible) {
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    private void checkExpressible(short version) {
        ApiKey.PRODUCE.checkImplemented(version);
        for (TopicData topic : topics) {
            if (version >= FIRST_WITH_TOPIC_IDS && topic.topicId() == null) {
                throw new IllegalArgumentException("Produce v" + version + " needs topic ids; topic " + topic.name()
                        + " has none");
            }
            if (version < FIRST_WITH_TOPIC_IDS && topic.name() == null) {
                throw new IllegalArgumentException("Produce v" + version + " needs topic names; topic id "
                        + topic.topicId() + " has none");
            }
        }
    }

    /** Where a partition's record bytes go: copied into the body, or spliced in by the framer. */
    @FunctionalInterface
    interface RecordsWriter {
        RecordsWriter COPYING = (target, records) -> target.put(records.duplicate());

        /** Called with the target positioned right after the records' length prefix. Must not move {@code records}. */
        void write(ByteBuffer target, ByteBuffer records);
    }
}
