package dev.vltava.bench;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Vltava through its drop-in facade: {@link VltavaKafkaProducer} behind the official {@link Producer} interface, with
 * the official serializer and record types, exactly as a user who swapped one line of a KafkaProducer program runs it.
 */
final class FacadeBenchClient implements BenchClient {
    private final Producer<byte[], byte[]> producer;

    FacadeBenchClient(Map<String, Object> props) {
        this.producer = new VltavaKafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
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
        return "facade";
    }
}
