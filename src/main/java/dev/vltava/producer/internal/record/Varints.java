package dev.vltava.producer.internal.record;

import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers (protobuf sint32/sint64), written and read at absolute buffer indexes so the
 * writer never moves the buffer position. Values 7 bits per byte, low group first, high bit = more bytes follow.
 */
final class Varints {
    static final int MAX_VARINT_SIZE_IN_BYTES = 5;
    static final int MAX_VARLONG_SIZE_IN_BYTES = 10;

    private Varints() {
    }

    static int zigZag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static int sizeOfVarint(int value) {
        int encoded = zigZag(value);
        // one byte per started group of 7 significant bits, at least one byte
        return (38 - Integer.numberOfLeadingZeros(encoded | 1)) / 7;
    }

    static int sizeOfVarlong(long value) {
        long encoded = zigZag(value);
        return (70 - Long.numberOfLeadingZeros(encoded | 1)) / 7;
    }

    /** Writes at {@code index}; returns the index after the last byte written. */
    static int writeVarint(ByteBuffer buffer, int index, int value) {
        int encoded = zigZag(value);
        while ((encoded & ~0x7F) != 0) {
            buffer.put(index++, (byte) ((encoded & 0x7F) | 0x80));
            encoded >>>= 7;
        }
        buffer.put(index++, (byte) encoded);
        return index;
    }

    /** Writes at {@code index}; returns the index after the last byte written. */
    static int writeVarlong(ByteBuffer buffer, int index, long value) {
        long encoded = zigZag(value);
        while ((encoded & ~0x7FL) != 0) {
            buffer.put(index++, (byte) ((encoded & 0x7F) | 0x80));
            encoded >>>= 7;
        }
        buffer.put(index++, (byte) encoded);
        return index;
    }

    /** Reads a varint at the buffer position, advancing it. */
    static int readVarint(ByteBuffer buffer) {
        int raw = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = buffer.get();
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordBatchException("varint longer than 5 bytes");
    }

    /** Reads a varlong at the buffer position, advancing it. */
    static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidRecordBatchException("varlong longer than 10 bytes");
    }
}
