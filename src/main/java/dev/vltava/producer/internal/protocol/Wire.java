package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Kafka wire primitives, all big-endian, as static helpers over {@link ByteBuffer}.
 *
 * <pre>
 * INT8/16/32/64      fixed width, big-endian (ByteBuffer's default order; buffers must stay BIG_ENDIAN)
 * UNSIGNED_VARINT    7 bits per byte, least significant group first, high bit = "more bytes follow", max 5 bytes
 * VARINT / VARLONG   zig-zag ((v << 1) ^ (v >> 31|63)) then unsigned varint, max 5 / 10 bytes
 * STRING             INT16 length N, N bytes UTF-8            (nullable: length -1 = null)
 * COMPACT_STRING     UNSIGNED_VARINT N+1, N bytes UTF-8       (nullable: 0 = null)
 * BYTES              INT32 length N, N bytes                  (nullable: -1 = null)
 * COMPACT_BYTES      UNSIGNED_VARINT N+1, N bytes             (nullable: 0 = null)
 * ARRAY              INT32 count N, N elements                (nullable: -1 = null)
 * COMPACT_ARRAY      UNSIGNED_VARINT N+1, N elements          (nullable: 0 = null)
 * UUID               16 bytes: most significant long, least significant long
 * TAGGED_FIELDS      UNSIGNED_VARINT count, then per field: UNSIGNED_VARINT tag, UNSIGNED_VARINT size, size bytes
 * </pre>
 *
 * "Compact" forms are used by every string, bytes and array field of a flexible API version (KIP-482), so writers
 * here take a {@code compact} flag that callers set to {@code apiKey.isFlexible(version)}.
 *
 * <p>The read helpers here work on a bare buffer and throw {@link ProtocolException} without API context; decoders
 * use {@link WireReader}, which adds the API, version and field path to every failure.
 */
public final class Wire {

    /** Size of an encoded UUID. */
    public static final int UUID_SIZE_BYTES = 16;
    /** Size of an empty tagged-field section: a single unsigned varint 0. */
    public static final int EMPTY_TAGGED_FIELDS_SIZE_BYTES = 1;
    /** Largest length an INT16-prefixed STRING can carry. */
    public static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    private static final int MAX_VARINT_BYTES = 5;
    private static final int MAX_VARLONG_BYTES = 10;

    private Wire() {
    }

    // ----------------------------------------------------------------------------------------------- varints

    public static void writeUnsignedVarint(ByteBuffer buffer, int value) {
        int remaining = value;
        while ((remaining & ~0x7F) != 0) {
            buffer.put((byte) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        buffer.put((byte) remaining);
    }

    public static int sizeOfUnsignedVarint(int value) {
        int significantBits = Math.max(1, Integer.SIZE - Integer.numberOfLeadingZeros(value));
        return (significantBits + 6) / 7;
    }

    /**
     * Reads an unsigned varint of at most 5 bytes. Like Kafka's reader, bits beyond 32 in the fifth byte are dropped
     * rather than rejected; a sixth continuation byte is rejected.
     */
    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int index = 0; index < MAX_VARINT_BYTES; index++) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("varint truncated after " + index + " bytes");
            }
            byte next = buffer.get();
            value |= (next & 0x7F) << (7 * index);
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolException("varint longer than " + MAX_VARINT_BYTES + " bytes");
    }

    public static void writeVarint(ByteBuffer buffer, int value) {
        writeUnsignedVarint(buffer, zigZag(value));
    }

    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint(zigZag(value));
    }

    public static void writeVarlong(ByteBuffer buffer, long value) {
        long remaining = (value << 1) ^ (value >> 63);
        while ((remaining & ~0x7FL) != 0) {
            buffer.put((byte) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        buffer.put((byte) remaining);
    }

    public static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        for (int index = 0; index < MAX_VARLONG_BYTES; index++) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("varlong truncated after " + index + " bytes");
            }
            byte next = buffer.get();
            raw |= (long) (next & 0x7F) << (7 * index);
            if ((next & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new ProtocolException("varlong longer than " + MAX_VARLONG_BYTES + " bytes");
    }

    public static int sizeOfVarlong(long value) {
        long zigZagged = (value << 1) ^ (value >> 63);
        int significantBits = Math.max(1, Long.SIZE - Long.numberOfLeadingZeros(zigZagged));
        return (significantBits + 6) / 7;
    }

    private static int zigZag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    // ----------------------------------------------------------------------------------------------- strings

    /**
     * Number of bytes {@code value.getBytes(UTF_8)} would produce, computed without allocating. Unpaired
     * surrogates count as one byte because the JDK encoder replaces them with '?'.
     */
    public static int utf8Length(String value) {
        int length = value.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 2; // 4 bytes for two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                continue; // replaced by '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Writes the same bytes as {@code value.getBytes(UTF_8)} without an intermediate array. */
    public static void writeUtf8(ByteBuffer buffer, String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                buffer.put((byte) c);
            } else if (c < 0x800) {
                buffer.put((byte) (0xC0 | (c >> 6)));
                buffer.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer.put((byte) (0xF0 | (codePoint >> 18)));
                buffer.put((byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                buffer.put((byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                buffer.put((byte) (0x80 | (codePoint & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buffer.put((byte) '?');
            } else {
                buffer.put((byte) (0xE0 | (c >> 12)));
                buffer.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /** Encoded size of a (nullable) STRING or COMPACT_STRING; {@code null} encodes as the null marker. */
    public static int sizeOfString(String value, boolean compact) {
        if (value == null) {
            return compact ? 1 : 2;
        }
        int length = utf8Length(value);
        return (compact ? sizeOfUnsignedVarint(length + 1) : 2) + length;
    }

    /**
     * Writes a (nullable) STRING or COMPACT_STRING; {@code null} writes the null marker, so callers must only pass
     * null for fields that are nullable in the version being written.
     *
     * @throws IllegalArgumentException if a non-compact string is longer than 32767 UTF-8 bytes
     */
    public static void writeString(ByteBuffer buffer, String value, boolean compact) {
        if (value == null) {
            writeLengthOrNull(buffer, -1, compact, false);
            return;
        }
        int length = utf8Length(value);
        if (!compact && length > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes exceeds INT16 length prefix");
        }
        writeLengthOrNull(buffer, length, compact, false);
        writeUtf8(buffer, value);
    }

    // ----------------------------------------------------------------------------------------------- bytes and arrays

    /** Encoded size of the length prefix of BYTES/COMPACT_BYTES holding {@code length} bytes, or -1 for null. */
    public static int sizeOfBytesLength(int length, boolean compact) {
        return compact ? sizeOfUnsignedVarint(length + 1) : 4;
    }

    /** Writes the length prefix of BYTES/COMPACT_BYTES; -1 writes the null marker. */
    public static void writeBytesLength(ByteBuffer buffer, int length, boolean compact) {
        writeLengthOrNull(buffer, length, compact, true);
    }

    public static int sizeOfBytes(byte[] value, boolean compact) {
        return value == null ? sizeOfBytesLength(-1, compact) : sizeOfBytesLength(value.length, compact) + value.length;
    }

    public static void writeBytes(ByteBuffer buffer, byte[] value, boolean compact) {
        if (value == null) {
            writeBytesLength(buffer, -1, compact);
        } else {
            writeBytesLength(buffer, value.length, compact);
            buffer.put(value);
        }
    }

    /** Encoded size of an ARRAY/COMPACT_ARRAY count prefix for {@code count} elements, or -1 for null. */
    public static int sizeOfArrayLength(int count, boolean compact) {
        return compact ? sizeOfUnsignedVarint(count + 1) : 4;
    }

    /** Writes an ARRAY/COMPACT_ARRAY count prefix; -1 writes the null marker. */
    public static void writeArrayLength(ByteBuffer buffer, int count, boolean compact) {
        writeLengthOrNull(buffer, count, compact, true);
    }

    private static void writeLengthOrNull(ByteBuffer buffer, int lengthOrMinusOne, boolean compact, boolean int32) {
        if (compact) {
            writeUnsignedVarint(buffer, lengthOrMinusOne + 1);
        } else if (int32) {
            buffer.putInt(lengthOrMinusOne);
        } else {
            buffer.putShort((short) lengthOrMinusOne);
        }
    }

    // ----------------------------------------------------------------------------------------------- uuid, tags

    public static void writeUuid(ByteBuffer buffer, UUID value) {
        buffer.putLong(value.getMostSignificantBits());
        buffer.putLong(value.getLeastSignificantBits());
    }

    public static UUID readUuid(ByteBuffer buffer) {
        if (buffer.remaining() < UUID_SIZE_BYTES) {
            throw new ProtocolException("uuid needs 16 bytes, " + buffer.remaining() + " remaining");
        }
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** Writes a tagged-field section with no fields. */
    public static void writeEmptyTaggedFields(ByteBuffer buffer) {
        buffer.put((byte) 0);
    }

    /** Skips a whole tagged-field section, checking every size against the remaining bytes. */
    public static void skipTaggedFields(ByteBuffer buffer) {
        int count = readUnsignedVarint(buffer);
        // each field takes at least two bytes (tag and size), which bounds the loop by the buffer
        if (count < 0 || (long) count * 2 > buffer.remaining()) {
            throw new ProtocolException("tagged field count " + Integer.toUnsignedString(count)
                    + " exceeds remaining " + buffer.remaining() + " bytes");
        }
        for (int i = 0; i < count; i++) {
            readUnsignedVarint(buffer); // tag
            int size = readUnsignedVarint(buffer);
            if (size < 0 || size > buffer.remaining()) {
                throw new ProtocolException("tagged field size " + Integer.toUnsignedString(size)
                        + " exceeds remaining " + buffer.remaining() + " bytes");
            }
            buffer.position(buffer.position() + size);
        }
    }
}
