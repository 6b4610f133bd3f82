package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteBufferSerializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.UUIDSerializer;
import org.junit.jupiter.api.Test;

/** Byte-for-byte against the official serializers. */
class SerializersTest {

    private final Random random = new Random(42);

    @Test
    void stringsMatch() {
        StringSerializer official = new StringSerializer();
        for (String s : List.of("", "abc", "příliš žluťoučký kůň", "\uD83D\uDE00 emoji", "\u0000")) {
            assertArrayEquals(official.serialize("t", s), Serializers.string().serialize("t", s), s);
        }
    }

    @Test
    void configuredEncodingMatches() {
        StringSerializer official = new StringSerializer();
        official.configure(Map.of("value.serializer.encoding", "UTF-16"), false);
        Serializer<String> ours = Serializers.string();
        ours.configure(Map.of("value.serializer.encoding", "UTF-16"), false);
        assertArrayEquals(official.serialize("t", "žluť"), ours.serialize("t", "žluť"));
    }

    @Test
    void numbersMatch() {
        IntegerSerializer ints = new IntegerSerializer();
        LongSerializer longs = new LongSerializer();
        DoubleSerializer doubles = new DoubleSerializer();
        FloatSerializer floats = new FloatSerializer();
        ShortSerializer shorts = new ShortSerializer();
        for (int i = 0; i < 1000; i++) {
            int n = i < 4 ? new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i] : random.nextInt();
            long l = random.nextLong();
            double d = i == 0 ? Double.NaN : random.nextDouble() * l;
            float f = i == 0 ? Float.NEGATIVE_INFINITY : random.nextFloat();
            short s = (short) n;
            assertArrayEquals(ints.serialize("t", n), Serializers.integer().serialize("t", n));
            assertArrayEquals(longs.serialize("t", l), Serializers.longs().serialize("t", l));
            assertArrayEquals(doubles.serialize("t", d), Serializers.doubles().serialize("t", d));
            assertArrayEquals(floats.serialize("t", f), Serializers.floats().serialize("t", f));
            assertArrayEquals(shorts.serialize("t", s), Serializers.shorts().serialize("t", s));
        }
    }

    @Test
    void uuidsMatch() {
        UUIDSerializer official = new UUIDSerializer();
        for (int i = 0; i < 100; i++) {
            UUID u = new UUID(random.nextLong(), random.nextLong());
            assertArrayEquals(official.serialize("t", u), Serializers.uuid().serialize("t", u));
        }
    }

    @Test
    void byteBuffersMatchFromZeroToLimitWithoutRewindingTheCallersBuffer() {
        ByteBufferSerializer official = new ByteBufferSerializer();
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(10).put(bytes).flip();
        List<ByteBuffer> buffers = List.of(
                ByteBuffer.wrap(bytes),
                ByteBuffer.wrap(bytes, 2, 5),
                ByteBuffer.wrap(bytes).position(3).slice(),
                ByteBuffer.wrap(bytes).limit(4),
                ByteBuffer.wrap(bytes).position(3),
                ByteBuffer.allocate(10).put(bytes, 0, 4),
                ByteBuffer.wrap(bytes).asReadOnlyBuffer(),
                direct,
                direct.duplicate().position(6),
                ByteBuffer.allocate(0));
        for (ByteBuffer b : buffers) {
            int position = b.position();
            assertArrayEquals(official.serialize("t", b.duplicate()), Serializers.byteBuffer().serialize("t", b),
                    b.toString());
            assertEquals(position, b.position(), "position unchanged");
        }
    }

    @Test
    void nullsStayNull() {
        assertNull(Serializers.string().serialize("t", null));
        assertNull(Serializers.byteArray().serialize("t", null));
        assertNull(Serializers.byteBuffer().serialize("t", null));
        assertNull(Serializers.integer().serialize("t", null));
        assertNull(Serializers.longs().serialize("t", null));
        assertNull(Serializers.doubles().serialize("t", null));
        assertNull(Serializers.uuid().serialize("t", null));
        assertNull(Serializers.voidSerializer().serialize("t", null));
        assertNull(new StringSerializer().serialize("t", null));
    }

    @Test
    void byteArrayIsPassedThrough() {
        byte[] b = {1, 2};
        assertEquals(b, Serializers.byteArray().serialize("t", b));
        assertArrayEquals(b, Serializers.byteArray().serialize("t", new Headers(), b));
    }
}
