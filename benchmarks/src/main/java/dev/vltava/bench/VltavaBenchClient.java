package dev.vltava.bench;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import java.util.Map;
import java.util.TreeMap;

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
        Map<String, Double> out = new TreeMap<>();
        producer.metrics().forEach((k, v) -> {
            if (k.group().equals("producer-metrics") && v.value() instanceof Number n) {
                out.put(k.name(), n.doubleValue());
            }
        });
        return out;
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
