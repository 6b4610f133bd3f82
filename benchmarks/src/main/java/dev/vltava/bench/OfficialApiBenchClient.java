package dev.vltava.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A producer behind the official {@link Producer} interface, with the official record type: the official client
 * ({@code KafkaProducer}, "kafka") or Vltava through its drop-in facade ({@code VltavaKafkaProducer}, "facade"),
 * exactly as a user who swapped one line of a KafkaProducer program runs it. Both get the same harness code.
 */
final class OfficialApiBenchClient implements BenchClient {
    private final Producer<byte[], byte[]> producer;
    private final String name;

    OfficialApiBenchClient(Producer<byte[], byte[]> producer, String name) {
        this.producer = producer;
        this.name = name;
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
    public Map<String, Double> producerMetrics() {
        return BenchClient.producerMetrics(producer.metrics(), MetricName::group, MetricName::name,
                Metric::metricValue);
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public String name() {
        return name;
    }
}
