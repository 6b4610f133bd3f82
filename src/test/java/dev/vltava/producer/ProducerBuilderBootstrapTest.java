package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerBuilderBootstrapTest {
    @Test
    void commaSeparatedArgumentsAreSplitLikeTheProperty() {
        ProducerConfig c = Producer.<byte[], byte[]>builder().bootstrapServers("a:1,b:2", "c:3").buildConfig();
        assertEquals(List.of("a:1", "b:2", "c:3"), c.bootstrapServers());
        ProducerConfig l = Producer.<byte[], byte[]>builder().bootstrapServers(List.of("a:1", "[::1]:9092"))
                .buildConfig();
        assertEquals(List.of("a:1", "[::1]:9092"), l.bootstrapServers());
    }
}
