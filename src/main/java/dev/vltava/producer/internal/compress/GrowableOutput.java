package dev.vltava.producer.internal.compress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** A byte array that grows up to a hard limit: the output side of the (non hot path) decompressors. */
final class GrowableOutput {
    private final int maxBytes;
    private byte[] bytes;
    private int size;

    GrowableOutput(int expectedBytes, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative maxOutputBytes " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.bytes = new byte[Math.max(64, Math.min(expectedBytes, maxBytes))];
    }

    /** Makes room for {@code extra} more bytes, or fails if that would pass the limit. */
    void ensureRoom(int extra) {
        long needed = (long) size + extra;
        if (needed > maxBytes) {
            throw new DecompressionException("decompressed records exceed the limit of " + maxBytes + " bytes");
        }
        if (needed > bytes.length) {
            long grown = Math.max(needed, Math.min((long) bytes.length * 2, maxBytes));
            bytes = java.util.Arrays.copyOf(bytes, (int) grown);
        }
    }

    /** How many more bytes the limit allows. */
    int remainingToLimit() {
        return maxBytes - size;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void advance(int count) {
        size += count;
    }

    void write(byte[] src, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** Reads the stream to its end. */
    void readFully(InputStream in) throws IOException {
        while (true) {
            if (size == bytes.length) {
                if (size == maxBytes && in.read() < 0) {
                    return; // exactly at the limit and the stream has ended
                }
                ensureRoom(1);
            }
            int n = in.read(bytes, size, bytes.length - size);
            if (n < 0) {
                return;
            }
            size += n;
        }
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(bytes, 0, size).slice();
    }

    /** Copies {@code src[position, limit)} into a new array without moving the source position. */
    static byte[] toArray(ByteBuffer src) {
        byte[] copy = new byte[src.remaining()];
        src.get(src.position(), copy);
        return copy;
    }
}
