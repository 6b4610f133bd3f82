package dev.vltava.producer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null key and a nullable byte value. Immutable: the value is copied in and
 * {@link #value()} returns a copy; {@link #valueBuffer()} gives a read-only view without copying.
 */
public final class Header {

    private final String key;
    private final byte[] value;

    /**
     * Creates a header; the value is copied.
     *
     * @param key the key, not {@code null}
     * @param value the value, or {@code null}
     */
    public Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key must not be null");
        this.value = value == null ? null : value.clone();
    }

    /**
     * A header whose value is the UTF-8 encoding of {@code value} (null stays null).
     *
     * @param key the key, not {@code null}
     * @param value the text, or {@code null}
     * @return the header
     */
    public static Header utf8(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the key} */
    public String key() {
        return key;
    }

    /** {@return a copy of the value, or {@code null}} */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** {@return a read-only view of the value (no copy), or {@code null}} */
    public ByteBuffer valueBuffer() {
        return value == null ? null : ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    /** {@return length of the value in bytes, or -1 if the value is null} */
    public int valueLength() {
        return value == null ? -1 : value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
