package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;

/**
 * The only wire format this package knows.
 *
 * <pre>
 * +----------------------+---------------------------+
 * | size: int32, big end | size bytes of frame body  |
 * +----------------------+---------------------------+
 *   SIZE_PREFIX_BYTES = 4
 * </pre>
 */
final class Frames {
    static final int SIZE_PREFIX_BYTES = 4;

    private Frames() {
    }

    /**
     * Checks that the first 4 bytes of the frame (across buffers, between position and limit, read with absolute gets so
     * nothing moves) state the number of bytes after them: a wrong prefix would desynchronise the whole stream.
     */
    static void checkSizePrefix(ByteBuffer[] frame) {
        long totalBytes = 0;
        for (ByteBuffer buffer : frame) {
            totalBytes += buffer.remaining();
        }
        if (totalBytes < SIZE_PREFIX_BYTES) {
            throw new IllegalArgumentException("A frame starts with a 4-byte size prefix, but the buffers hold only "
                    + totalBytes + " bytes");
        }
        int prefix = 0;
        int prefixBytesRead = 0;
        for (ByteBuffer buffer : frame) {
            for (int i = buffer.position(); i < buffer.limit() && prefixBytesRead < SIZE_PREFIX_BYTES; i++) {
                prefix = (prefix << 8) | (buffer.get(i) & 0xFF);
                prefixBytesRead++;
            }
        }
        long bodyBytes = totalBytes - SIZE_PREFIX_BYTES;
        if (prefix != bodyBytes) {
            throw new IllegalArgumentException("Frame size prefix says " + prefix + " bytes but " + bodyBytes
                    + " bytes follow it");
        }
    }
}
