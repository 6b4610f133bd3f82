package dev.vltava.bench;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The one thing the perf tool needs from a producer, implemented for Vltava and for the official client. */
interface BenchClient extends AutoCloseable {

    /** Sends asynchronously; {@code callback} is called once with the outcome. */
    void send(String topic, byte[] key, byte[] value, SendCallback callback);

    void flush();

    /**
     * The producer's own metrics of group {@code producer-metrics} (the official metric names, which both clients
     * report), by name, numeric ones only: records per request, batch sizes, compression rate.
     */
    Map<String, Double> producerMetrics();

    @Override
    void close();

    /** "vltava" (the core API), "facade" (Vltava through VltavaKafkaProducer) or "kafka". */
    String name();

    /** The numeric metrics of group {@code producer-metrics} by name, from either client's metric map. */
    static <K, V> Map<String, Double> producerMetrics(Map<K, ? extends V> metrics, Function<K, String> group,
            Function<K, String> name, Function<V, Object> value) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (group.apply(k).equals("producer-metrics") && value.apply(v) instanceof Number n) {
                out.put(name.apply(k), n.doubleValue());
            }
        });
        return out;
    }

    static BenchClient create(String client, Map<String, Object> props) {
        return switch (client) {
            case "vltava" -> new VltavaBenchClient(props);
            case "facade" -> new OfficialApiBenchClient(
                    new VltavaKafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), "facade");
            case "kafka" -> new OfficialApiBenchClient(
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), "kafka");
            default -> throw new IllegalArgumentException("--client must be vltava, facade or kafka, not " + client);
        };
    }
}
