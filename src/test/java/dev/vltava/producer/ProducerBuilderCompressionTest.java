package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProducerBuilderCompressionTest {
    @Test
    void aCodecWithoutLevelsIsRefusedWithoutChangingTheBuilder() {
        for (Compression noLevels : new Compression[] {Compression.NONE, Compression.SNAPPY}) {
            ProducerBuilder<byte[], byte[]> b = Producer.<byte[], byte[]>builder().bootstrapServers("a:1")
                    .compression(Compression.ZSTD);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.compression(noLevels, 3));
            assertEquals(noLevels + " has no compression level", e.getMessage());
            assertEquals(Compression.ZSTD, b.buildConfig().compression(), "a refused call leaves the builder as it was");
        }
    }

    @Test
    void aCodecWithLevelsSetsBoth() {
        ProducerConfig c = Producer.<byte[], byte[]>builder().bootstrapServers("a:1").compression(Compression.GZIP, 5)
                .buildConfig();
        assertEquals(Compression.GZIP, c.compression());
    }
}
