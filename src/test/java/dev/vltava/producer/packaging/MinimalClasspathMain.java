package dev.vltava.producer.packaging;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM whose classpath is only Vltava's classes, slf4j-api and this class (see
 * {@link MinimalClasspathTest}): what an application gets when it leaves out the optional codec jars. It must use
 * nothing but the public API, so that it loads exactly what a user's code would.
 *
 * <p>Arguments: bootstrap servers, topic, {@code compression.type}. Prints {@code DELIVERED <partition>@<offset>} for
 * each record, or {@code FAILED <exception class>: <message>} if building or sending fails, then exits 0.
 */
public final class MinimalClasspathMain {
    private MinimalClasspathMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String compression = args[2];
        try (Producer<String, String> producer = Producer.<String, String>builder()
                .bootstrapServers(bootstrap)
                .keySerializer(Serializers.string())
                .valueSerializer(Serializers.string())
                .config("compression.type", compression)
                .config("max.block.ms", 20_000)
                .build()) {
            for (int i = 0; i < 3; i++) {
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(40, TimeUnit.SECONDS);
                System.out.println("DELIVERED " + m.partition() + "@" + m.offset());
            }
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.flush();
    }
}
