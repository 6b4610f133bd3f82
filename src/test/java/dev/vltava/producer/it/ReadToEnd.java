package dev.vltava.producer.it;

import dev.vltava.producer.testkit.OfficialClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The values of every partition of a topic, read up to the partitions' end offsets ({@link OfficialClients#readAll}),
 * as strings, per partition, in log order.
 */
final class ReadToEnd {
    private ReadToEnd() {
    }

    static Map<Integer, List<String>> values(String bootstrap, String topic, Duration timeout) {
        Map<Integer, List<String>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : OfficialClients.readAll(bootstrap, topic, timeout)) {
            out.computeIfAbsent(r.partition(), k -> new ArrayList<>())
                    .add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
