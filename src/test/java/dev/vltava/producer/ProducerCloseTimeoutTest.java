package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * close(Duration) with a timeout too large for milliseconds (Duration.ofSeconds(Long.MAX_VALUE), "wait for ever")
 * closes the producer for good: it used to mark itself closed and then fail converting the timeout, leaving the
 * network thread running and the serializers open, with every later close() a no-op.
 */
class ProducerCloseTimeoutTest {

    @Test
    void aTimeoutBeyondLongMillisClosesEverything() {
        AtomicInteger closed = new AtomicInteger();
        Serializer<String> counting = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                return data == null ? null : data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        Producer<String, String> p = Producer.builder().bootstrapServers("127.0.0.1:1").clientId("close-timeout-test").keySerializer(counting)
                .valueSerializer(Serializers.string()).build();
        assertDoesNotThrow(() -> p.close(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(1, closed.get(), "the key serializer was closed");
        assertThrows(IllegalStateException.class, () -> p.send(new ProducerRecord<>("t", "k", "v")),
                "a closed producer refuses records, as KafkaProducer does");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && t.getName().contains("close-timeout-test")),
                "no thread of the producer is left running");
    }
}
