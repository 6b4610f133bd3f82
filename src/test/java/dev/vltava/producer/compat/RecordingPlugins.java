package dev.vltava.producer.compat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Official plugins that record what the producer did with them (tests only; one test at a time uses them). */
final class RecordingPlugins {
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    private RecordingPlugins() {
    }

    static void reset() {
        EVENTS.clear();
    }

    /** A string serializer that logs configure/close and adds a header naming itself. */
    public static final class TaggingSerializer implements Serializer<String> {
        private final StringSerializer strings = new StringSerializer();
        private boolean isKey;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            this.isKey = isKey;
            EVENTS.add("serializer.configure isKey=" + isKey + " client.id=" + configs.get("client.id"));
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return strings.serialize(topic, data);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            headers.add(isKey ? "serialized-key" : "serialized-value", null);
            return serialize(topic, data);
        }

        @Override
        public void close() {
            EVENTS.add("serializer.close isKey=" + isKey);
        }
    }

    /** Fails every record with the official SerializationException. */
    public static final class FailingSerializer implements Serializer<String> {
        @Override
        public byte[] serialize(String topic, String data) {
            throw new org.apache.kafka.common.errors.SerializationException("cannot serialize " + data);
        }
    }

    /** Sends everything to the last partition; negative for the key "negative". */
    public static final class LastPartitionPartitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            if ("negative".equals(key)) {
                return -1;
            }
            return cluster.partitionCountForTopic(topic) - 1;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            EVENTS.add("partitioner.configure client.id=" + configs.get("client.id"));
        }

        @Override
        public void close() {
            EVENTS.add("partitioner.close");
        }
    }

    /** Adds a header on send and logs each acknowledgement with the headers it saw. */
    public static final class LoggingInterceptor implements ProducerInterceptor<String, String> {
        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            ProducerRecord<String, String> copy = new ProducerRecord<>(record.topic(), record.partition(),
                    record.timestamp(), record.key(), record.value(), record.headers());
            copy.headers().add("intercepted", null);
            return copy;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
            StringBuilder keys = new StringBuilder();
            headers.forEach(h -> keys.append(h.key()).append(' '));
            EVENTS.add("interceptor.ack partition=" + metadata.partition() + " error="
                    + (exception == null ? "none" : exception.getClass().getSimpleName()) + " headers="
                    + keys.toString().trim());
        }

        @Override
        public void configure(Map<String, ?> configs) {
            EVENTS.add("interceptor.configure client.id=" + configs.get("client.id"));
        }

        @Override
        public void close() {
            EVENTS.add("interceptor.close");
        }
    }
}
