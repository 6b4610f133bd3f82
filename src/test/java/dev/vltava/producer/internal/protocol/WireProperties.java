package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.apache.kafka.common.utils.internals.ByteUtils;

/** Varints, strings and UUIDs: known bytes, round trips, and agreement with the official ByteUtils. */
class WireProperties {

    private static byte[] written(java.util.function.Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        writer.accept(buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Example
    void knownBytes() {
        assertArrayEquals(bytes(0x00), written(b -> Wire.writeUnsignedVarint(b, 0)));
        assertArrayEquals(bytes(0xAC, 0x02), written(b -> Wire.writeUnsignedVarint(b, 300)));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), written(b -> Wire.writeUnsignedVarint(b, -1)));
        assertArrayEquals(bytes(0x01), written(b -> Wire.writeVarint(b, -1)));
        assertArrayEquals(bytes(0x02), written(b -> Wire.writeVarint(b, 1)));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), written(b -> Wire.writeVarint(b, Integer.MIN_VALUE)));
        assertArrayEquals(bytes(0xFE, 0xFF, 0xFF, 0xFF, 0x0F), written(b -> Wire.writeVarint(b, Integer.MAX_VALUE)));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                written(b -> Wire.writeVarlong(b, Long.MIN_VALUE)));
        assertEquals(10, Wire.sizeOfVarlong(Long.MAX_VALUE));
    }

    @Property(tries = 2000)
    void unsignedVarintMatchesOfficial(@ForAll int value) {
        ByteBuffer official = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, official);
        byte[] ours = written(b -> Wire.writeUnsignedVarint(b, value));
        assertArrayEquals(Official.bytes(official.flip()), ours);
        assertEquals(ByteUtils.sizeOfUnsignedVarint(value), Wire.sizeOfUnsignedVarint(value));
        assertEquals(value, Wire.readUnsignedVarint(ByteBuffer.wrap(ours)));
    }

    @Property(tries = 2000)
    void varintMatchesOfficial(@ForAll int value) {
        ByteBuffer official = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, official);
        byte[] ours = written(b -> Wire.writeVarint(b, value));
        assertArrayEquals(Official.bytes(official.flip()), ours);
        assertEquals(ByteUtils.sizeOfVarint(value), Wire.sizeOfVarint(value));
        assertEquals(ours.length, Wire.sizeOfVarint(value));
        assertEquals(value, Wire.readVarint(ByteBuffer.wrap(ours)));
        assertEquals(value, ByteUtils.readVarint(ByteBuffer.wrap(ours)));
    }

    @Property(tries = 2000)
    void varlongMatchesOfficial(@ForAll long value) {
        ByteBuffer official = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, official);
        byte[] ours = written(b -> Wire.writeVarlong(b, value));
        assertArrayEquals(Official.bytes(official.flip()), ours);
        assertEquals(ByteUtils.sizeOfVarlong(value), Wire.sizeOfVarlong(value));
        assertEquals(ours.length, Wire.sizeOfVarlong(value));
        assertEquals(value, Wire.readVarlong(ByteBuffer.wrap(ours)));
    }

    @Property(tries = 500)
    void readersAgreeWithOfficialOnArbitraryBytes(@ForAll byte[] bytes) {
        // whatever the official reader accepts, ours reads to the same value; whatever it rejects, ours rejects
        Integer officialValue;
        try {
            officialValue = ByteUtils.readVarint(ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            officialValue = null;
        }
        if (officialValue == null) {
            assertThrows(ProtocolException.class, () -> Wire.readVarint(ByteBuffer.wrap(bytes)));
        } else {
            assertEquals(officialValue, Wire.readVarint(ByteBuffer.wrap(bytes)));
        }
    }

    @Example
    void malformedVarintsAreProtocolExceptions() {
        assertThrows(ProtocolException.class, () -> Wire.readUnsignedVarint(ByteBuffer.wrap(bytes(0x80, 0x80))));
        assertThrows(ProtocolException.class,
                () -> Wire.readUnsignedVarint(ByteBuffer.wrap(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01))));
        assertThrows(ProtocolException.class, () -> Wire.readVarlong(ByteBuffer.wrap(
                bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))));
        assertThrows(ProtocolException.class, () -> Wire.readVarlong(ByteBuffer.allocate(0)));
        assertThrows(ProtocolException.class, () -> Wire.readUuid(ByteBuffer.allocate(15)));
    }

    @Property(tries = 1000)
    void utf8MatchesTheJdkEncoderIncludingBrokenSurrogates(
            @ForAll @Chars({'a', 'ž', '€', '\uD83D', '\uDE00', '\u0000', '\u07FF', '\u0800'}) @CharRange(from = 0,
                    to = 0xFFFF) String value) {
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, Wire.utf8Length(value));
        ByteBuffer buffer = ByteBuffer.allocate(expected.length);
        Wire.writeUtf8(buffer, value);
        assertArrayEquals(expected, buffer.array());
    }

    @Property(tries = 300)
    void stringsRoundTripThroughTheReader(@ForAll String value, @ForAll boolean compact) {
        ByteBuffer buffer = ByteBuffer.allocate(Wire.sizeOfString(value, compact));
        Wire.writeString(buffer, value, compact);
        assertFalse(buffer.hasRemaining(), "sizeOfString must be exact");
        WireReader reader = new WireReader(buffer.flip(), "test", compact);
        assertEquals(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                reader.readString("value"));
    }

    @Example
    void nullStringsAndBytesUseTheNullMarker() {
        assertArrayEquals(bytes(0xFF, 0xFF), written(b -> Wire.writeString(b, null, false)));
        assertArrayEquals(bytes(0x00), written(b -> Wire.writeString(b, null, true)));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF), written(b -> Wire.writeBytes(b, null, false)));
        assertArrayEquals(bytes(0x00), written(b -> Wire.writeArrayLength(b, -1, true)));
        assertArrayEquals(bytes(0x04), written(b -> Wire.writeArrayLength(b, 3, true)));
        assertThrows(IllegalArgumentException.class,
                () -> Wire.writeString(ByteBuffer.allocate(40_000), "x".repeat(32_768), false));
    }

    @Property(tries = 200)
    void uuidRoundTrip(@ForAll long most, @ForAll long least) {
        UUID id = new UUID(most, least);
        ByteBuffer buffer = ByteBuffer.allocate(Wire.UUID_SIZE_BYTES);
        Wire.writeUuid(buffer, id);
        assertEquals(id, Wire.readUuid(buffer.flip()));
    }

    @Example
    void skipTaggedFieldsChecksSizes() {
        ByteBuffer ok = ByteBuffer.wrap(bytes(0x02, 0x01, 0x02, 0xAA, 0xBB, 0x05, 0x00, 0x7F));
        Wire.skipTaggedFields(ok);
        assertEquals(1, ok.remaining());
        assertThrows(ProtocolException.class,
                () -> Wire.skipTaggedFields(ByteBuffer.wrap(bytes(0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x07))));
        assertThrows(ProtocolException.class,
                () -> Wire.skipTaggedFields(ByteBuffer.wrap(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x07))));
    }
}
