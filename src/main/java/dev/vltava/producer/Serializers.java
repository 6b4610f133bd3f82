package dev.vltava.producer;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Built-in serializers. Their bytes are identical to Kafka's serializers of the same name (big-endian numbers,
 * UTF-8 strings, UUIDs as their 36-character string form), so consumers with Kafka's deserializers read them. All
 * turn {@code null} into {@code null}.
 */
public final class Serializers {

    private Serializers() {
    }

    /**
     * UTF-8 strings. When created from configuration, honours {@code key.serializer.encoding} etc. as Kafka does.
     *
     * @return the serializer
     */
    public static Serializer<String> string() {
        return new StringSerializer(StandardCharsets.UTF_8);
    }

    /**
     * Strings in the given charset.
     *
     * @param charset the charset to encode with
     * @return the serializer
     */
    public static Serializer<String> string(Charset charset) {
        return new StringSerializer(charset);
    }

    /**
     * Byte arrays: the array itself (not a copy).
     *
     * @return the serializer
     */
    public static Serializer<byte[]> byteArray() {
        return (topic, data) -> data;
    }

    /**
     * The bytes from index 0 up to the buffer's limit, ignoring its position: the bytes Kafka's
     * ByteBufferSerializer (4.x) writes. Unlike Kafka's, the caller's buffer is not rewound. Like Kafka's, returns
     * the backing array itself when it holds exactly those bytes.
     *
     * @return the serializer
     */
    public static Serializer<ByteBuffer> byteBuffer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.limit()) {
                return data.array();
            }
            byte[] bytes = new byte[data.limit()];
            data.duplicate().rewind().get(bytes);
            return bytes;
        };
    }

    /**
     * Integers: 4 bytes, big-endian.
     *
     * @return the serializer
     */
    public static Serializer<Integer> integer() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Integer.BYTES).putInt(data).array();
    }

    /**
     * Longs: 8 bytes, big-endian.
     *
     * @return the serializer
     */
    public static Serializer<Long> longs() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(data).array();
    }

    /**
     * Shorts: 2 bytes, big-endian.
     *
     * @return the serializer
     */
    public static Serializer<Short> shorts() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Short.BYTES).putShort(data).array();
    }

    /**
     * Doubles: IEEE 754 bits, 8 bytes, big-endian.
     *
     * @return the serializer
     */
    public static Serializer<Double> doubles() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Double.BYTES).putDouble(data).array();
    }

    /**
     * Floats: IEEE 754 bits, 4 bytes, big-endian.
     *
     * @return the serializer
     */
    public static Serializer<Float> floats() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(Float.BYTES).putFloat(data).array();
    }

    /**
     * UUIDs: the UTF-8 bytes of {@link UUID#toString()} (36 bytes), as Kafka's UUIDSerializer writes.
     *
     * @return the serializer
     */
    public static Serializer<UUID> uuid() {
        return (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Always {@code null}: for records without a key or value.
     *
     * @return the serializer
     */
    public static Serializer<Void> voidSerializer() {
        return (topic, data) -> null;
    }

    /** String serializer whose charset can be set by {@code configure}, like Kafka's. */
    static final class StringSerializer implements Serializer<String> {
        private volatile Charset charset;

        StringSerializer(Charset charset) {
            this.charset = charset;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            Object encoding = configs.get(isKey ? "key.serializer.encoding" : "value.serializer.encoding");
            if (encoding == null) {
                encoding = configs.get("serializer.encoding");
            }
            if (encoding instanceof String name) {
                try {
                    charset = Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("Unsupported serializer encoding '" + name + "'", e);
                }
            }
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return data == null ? null : data.getBytes(charset);
        }
    }
}
