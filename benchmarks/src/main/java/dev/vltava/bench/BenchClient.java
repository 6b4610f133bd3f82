package dev.vltava.bench;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The one thing the perf tool needs from a producer, implemented for Vltava and for the official client. */
interface BenchClient extends AutoCloseable {

    /** Sends asynchronously; {@code callback} is called once with the outcome. */
    void send(String topic, byte[] key, byte[] value, SendCallback callback);

    void flush();

    @Override
    void close();

    /** "vltava" (the core API), "facade" (Vltava through VltavaKafkaProducer) or "kafka". */
    String name();

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
