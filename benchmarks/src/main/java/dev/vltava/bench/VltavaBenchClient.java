package dev.vltava.bench;

import dev.vltava.producer.Metric;
import dev.vltava.producer.MetricName;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import java.util.Map;

/** The Vltava producer behind {@link BenchClient}. */
final class VltavaBenchClient implements BenchClient {
    private final Producer<byte[], byte[]> producer;

    VltavaBenchClient(Map<String, Object> props) {
        this.producer = Producer.builder().configs(props).keySerializer(Serializers.byteArray())
                .valueSerializer(Serializers.byteArray()).build();
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
        return BenchClient.producerMetrics(producer.metrics(), MetricName::group, MetricName::name, Metric::value);
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public String name() {
        return "vltava";
    }
}
