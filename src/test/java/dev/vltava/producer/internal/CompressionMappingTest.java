package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.Compression;
import dev.vltava.producer.internal.compress.CompressionType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API's compression choices and the engine's codecs meet in one place, {@link Engine#codecFor}. */
class CompressionMappingTest {

    @Test
    void everyChoiceHasTheCodecOfItsNameAndEveryCodecIsAChoice() {
        Set<CompressionType> reached = EnumSet.noneOf(CompressionType.class);
        for (Compression c : Compression.values()) {
            CompressionType codec = Engine.codecFor(c);
            assertEquals(c.configName(), codec.configName(), c.name());
            reached.add(codec);
        }
        assertEquals(EnumSet.allOf(CompressionType.class), reached);
    }
}
