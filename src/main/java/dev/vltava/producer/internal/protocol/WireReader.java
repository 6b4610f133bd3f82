package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A bounds-checked cursor over one response (or header) that knows which API, version and field it is reading, so
 * every failure becomes a {@link ProtocolException} such as
 * {@code Metadata v12 response: field topics[3].name: length 70000 exceeds remaining 12 bytes}.
 *
 * <p>Safety rules, so hostile bytes can cost neither memory nor time:
 * <ul>
 *   <li>every length and count is checked against {@code remaining()} before anything is allocated;</li>
 *   <li>array counts are checked against a minimum element size, which bounds every loop by the buffer size;</li>
 *   <li>a known tagged field is parsed with the buffer limit narrowed to that field's declared size.</li>
 * </ul>
 * The field path is kept as a small stack of (name, index) pairs and only turned into text on failure, so the
 * success path allocates no strings for it.
 *
 * <p>Not thread-safe; one reader per parse call.
 */
final class WireReader {

    private static final int MAX_DEPTH = 8;
    /** Cap on the capacity we pre-size lists with; the count was already checked, this just avoids big up-front arrays. */
    private static final int MAX_PRESIZE = 1024;

    private final ByteBuffer buffer;
    private final String context;
    private final boolean flexible;
    private final String[] pathNames = new String[MAX_DEPTH];
    private final int[] pathIndexes = new int[MAX_DEPTH];
    private int depth;
    private final int[] savedLimits = new int[MAX_DEPTH];
    private int taggedDepth;

    WireReader(ByteBuffer buffer, String context, boolean flexible) {
        this.buffer = buffer;
        this.context = context;
        this.flexible = flexible;
    }

    /** A reader for the body of {@code key}'s response at {@code version}; rejects versions we do not decode. */
    static WireReader forResponse(ByteBuffer body, ApiKey key, short version) {
        String context = key.apiName() + " v" + version + " response";
        if (!key.isImplemented(version)) {
            throw new ProtocolException(context + ": version not decoded here (we implement v"
                    + key.minVersion() + "..v" + key.maxVersion() + ")");
        }
        return new WireReader(body, context, key.isFlexible(version));
    }

    boolean flexible() {
        return flexible;
    }

    /** Runs a decoder, turning any stray runtime failure into a {@link ProtocolException} with context. */
    <T> T guard(Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (ProtocolException e) {
            restoreLimit();
            throw e;
        } catch (RuntimeException e) {
            restoreLimit();
            throw new ProtocolException(context + ": at " + path("") + ": unexpected " + e, e);
        }
    }

    /** After a failure inside a tagged field, give the caller its buffer back with the original limit. */
    private void restoreLimit() {
        if (taggedDepth > 0) {
            buffer.limit(savedLimits[0]);
            taggedDepth = 0;
        }
    }

    // ----------------------------------------------------------------------------------------------- field path

    void enter(String name, int index) {
        pathNames[depth] = name;
        pathIndexes[depth] = index;
        depth++;
    }

    void enter(String name) {
        enter(name, -1);
    }

    void exit() {
        depth--;
    }

    ProtocolException fail(String field, String detail) {
        return new ProtocolException(context + ": field " + path(field) + ": " + detail);
    }

    private String path(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            text.append(pathNames[i]);
            if (pathIndexes[i] >= 0) {
                text.append('[').append(pathIndexes[i]).append(']');
            }
            text.append('.');
        }
        return text.append(field).toString();
    }

    private void need(String field, int bytes) {
        if (buffer.remaining() < bytes) {
            throw fail(field, "needs " + bytes + " bytes, " + buffer.remaining() + " remaining");
        }
    }

    // ----------------------------------------------------------------------------------------------- fixed width

    byte readInt8(String field) {
        need(field, 1);
        return buffer.get();
    }

    boolean readBoolean(String field) {
        return readInt8(field) != 0;
    }

    short readInt16(String field) {
        need(field, 2);
        return buffer.getShort();
    }

    int readInt32(String field) {
        need(field, 4);
        return buffer.getInt();
    }

    long readInt64(String field) {
        need(field, 8);
        return buffer.getLong();
    }

    UUID readUuid(String field) {
        need(field, Wire.UUID_SIZE_BYTES);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** Reads a UUID, mapping Kafka's all-zero "no id" value to {@code null}. */
    UUID readUuidOrNull(String field) {
        UUID id = readUuid(field);
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0 ? null : id;
    }

    int readUnsignedVarint(String field) {
        try {
            return Wire.readUnsignedVarint(buffer);
        } catch (ProtocolException e) {
            throw fail(field, e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------------- strings, bytes

    String readString(String field) {
        String value = readNullableString(field);
        if (value == null) {
            throw fail(field, "null in a non-nullable string");
        }
        return value;
    }

    String readNullableString(String field) {
        long length = flexible ? compactLength(field) : readInt16(field);
        if (length == -1) {
            return null;
        }
        int checked = checkLength(field, length);
        String value;
        if (buffer.hasArray()) {
            value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), checked, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + checked);
        } else {
            byte[] bytes = new byte[checked];
            buffer.get(bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    byte[] readBytes(String field) {
        byte[] value = readNullableBytes(field);
        if (value == null) {
            throw fail(field, "null in non-nullable bytes");
        }
        return value;
    }

    byte[] readNullableBytes(String field) {
        long length = flexible ? compactLength(field) : readInt32(field);
        if (length == -1) {
            return null;
        }
        byte[] value = new byte[checkLength(field, length)];
        buffer.get(value);
        return value;
    }

    /** Compact length: unsigned varint N+1, 0 = null; returned as N (or -1 for null) without int overflow. */
    private long compactLength(String field) {
        return Integer.toUnsignedLong(readUnsignedVarint(field)) - 1;
    }

    private int checkLength(String field, long length) {
        if (length < 0) {
            throw fail(field, "negative length " + length);
        }
        if (length > buffer.remaining()) {
            throw fail(field, "length " + length + " exceeds remaining " + buffer.remaining() + " bytes");
        }
        return (int) length;
    }

    // ----------------------------------------------------------------------------------------------- arrays

    /**
     * Reads an array count (compact in flexible versions), or -1 for a null array. The count times the smallest
     * possible element size must fit in the remaining bytes, which bounds the caller's loop and any allocation.
     */
    int readNullableArrayLength(String field, int minElementSizeBytes) {
        long count = flexible ? compactLength(field) : readInt32(field);
        if (count == -1) {
            return -1;
        }
        if (count < 0) {
            throw fail(field, "negative array length " + count);
        }
        if (count * minElementSizeBytes > buffer.remaining()) {
            throw fail(field, "array length " + count + " (at least " + minElementSizeBytes
                    + " bytes each) exceeds remaining " + buffer.remaining() + " bytes");
        }
        return (int) count;
    }

    int readArrayLength(String field, int minElementSizeBytes) {
        int count = readNullableArrayLength(field, minElementSizeBytes);
        if (count == -1) {
            throw fail(field, "null in a non-nullable array");
        }
        return count;
    }

    int[] readInt32Array(String field) {
        int count = readArrayLength(field, 4);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getInt();
        }
        return values;
    }

    /** Initial capacity for a list of {@code count} checked elements. */
    static int presize(int count) {
        return Math.min(count, MAX_PRESIZE);
    }

    // ----------------------------------------------------------------------------------------------- tagged fields

    /** Skips the tagged-field section of the current struct if this version is flexible; all tags are unknown. */
    void skipTaggedFields() {
        if (!flexible) {
            return;
        }
        int count = readTaggedFieldCount();
        for (int i = 0; i < count; i++) {
            readTag();
            enterTaggedField();
            exitTaggedField();
        }
    }

    /** Reads the count of the tagged-field section; each field needs at least two bytes (tag, size). */
    int readTaggedFieldCount() {
        long count = Integer.toUnsignedLong(readUnsignedVarint("_tagged_fields"));
        if (count * 2 > buffer.remaining()) {
            throw fail("_tagged_fields", "count " + count + " exceeds remaining " + buffer.remaining() + " bytes");
        }
        return (int) count;
    }

    int readTag() {
        return readUnsignedVarint("_tagged_fields.tag");
    }

    /**
     * Reads a tagged field's size and narrows the buffer limit to it, so a known field is parsed strictly inside
     * its declared bytes. Must be paired with {@link #exitTaggedField()}.
     */
    void enterTaggedField() {
        long size = Integer.toUnsignedLong(readUnsignedVarint("_tagged_fields.size"));
        if (size > buffer.remaining()) {
            throw fail("_tagged_fields.size", "length " + size + " exceeds remaining " + buffer.remaining() + " bytes");
        }
        savedLimits[taggedDepth++] = buffer.limit();
        buffer.limit(buffer.position() + (int) size);
    }

    /** Skips whatever is left of the current tagged field (newer sub-fields we do not know) and restores the limit. */
    void exitTaggedField() {
        buffer.position(buffer.limit());
        buffer.limit(savedLimits[--taggedDepth]);
    }
}
