package dev.vltava.producer.internal.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;

/** Varints and UTF-8 against the official client's ByteUtils and String.getBytes. */
class VarintsAndUtf8Test {

    @Property
    void varintMatchesOfficialEncoding(@ForAll int value) {
        ByteBuffer ours = ByteBuffer.allocate(5);
        int end = Varints.writeVarint(ours, 0, value);
        ByteBuffer theirs = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, theirs);
        assertEquals(theirs.position(), end);
        assertEquals(ByteUtils.sizeOfVarint(value), Varints.sizeOfVarint(value));
        assertEquals(theirs.flip(), ours.limit(end));
        assertEquals(value, Varints.readVarint(ours.duplicate()));
    }

    @Property
    void varlongMatchesOfficialEncoding(@ForAll long value) {
        ByteBuffer ours = ByteBuffer.allocate(10);
        int end = Varints.writeVarlong(ours, 0, value);
        ByteBuffer theirs = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, theirs);
        assertEquals(theirs.position(), end);
        assertEquals(ByteUtils.sizeOfVarlong(value), Varints.sizeOfVarlong(value));
        assertEquals(theirs.flip(), ours.limit(end));
        assertEquals(value, Varints.readVarlong(ours.duplicate()));
    }

    @Test
    void varintBoundaries() {
        int[] values = {0, -1, 63, -64, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] sizes = {1, 1, 1, 1, 2, 2, 2, 3, 5, 5};
        for (int i = 0; i < values.length; i++) {
            assertEquals(sizes[i], Varints.sizeOfVarint(values[i]), "size of " + values[i]);
        }
        assertEquals(10, Varints.sizeOfVarlong(Long.MIN_VALUE));
    }

    @Property
    void utf8MatchesStringGetBytes(@ForAll String s) {
        assertUtf8(s);
    }

    @Test
    void utf8EdgeCases() {
        String[] cases = {"", "ascii", "é", "€uro", "日本語", "emoji 😀 pair", "\uD800 lone high", "lone low \uDC00",
            "\uDC00\uD800 reversed", "end high \uD83D", "\u0000nul", "\u07FF\u0800"};
        for (String s : cases) {
            assertUtf8(s);
        }
    }

    private static void assertUtf8(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, Utf8.encodedLength(s), s);
        ByteBuffer buffer = ByteBuffer.allocate(expected.length + 2);
        int end = Utf8.write(buffer, 1, s);
        assertEquals(expected.length + 1, end);
        byte[] actual = new byte[expected.length];
        buffer.get(1, actual);
        assertArrayEquals(expected, actual, s);
    }
}
