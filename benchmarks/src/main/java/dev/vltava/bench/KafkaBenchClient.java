package dev.vltava.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The official Apache Kafka producer behind {@link BenchClient}. */
final class KafkaBenchClient implements BenchClient {
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaBenchClient(Map<String, Object> props) {
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, SendCallback callback) {
        producer.send(new ProducerRecord<>(topic, key, value), callback);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public String name() {
        return "kafka";
    }
}
