package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Cuts one connection's incoming byte stream into frames (see {@link Frames}). Bytes arrive in arbitrary pieces: a
 * read may hold many frames, or part of a size prefix, or part of a body; whatever is left over is kept here between
 * reads, so the caller's read buffer can be shared by all connections.
 *
 * <p>The body buffer is allocated only after the size is checked against the limit: a garbage size (say the first bytes
 * of a TLS alert, read as an int) must not make us allocate hundreds of megabytes.
 */
final class FrameReader {
    private final int maxFrameBytes;
    private final ByteBuffer sizePrefix = ByteBuffer.allocate(Frames.SIZE_PREFIX_BYTES);
    /** The frame being filled, or null while reading a size prefix. */
    private ByteBuffer body;

    FrameReader(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Consumes bytes from input until one frame is complete (returned: a fresh buffer at position 0, limit = size) or
     * input is exhausted (returns null; partial state is kept).
     *
     * @throws InvalidFrameSizeException if a size prefix is negative or above the limit
     */
    ByteBuffer next(ByteBuffer input) throws InvalidFrameSizeException {
        if (body == null) {
            if (!readSizePrefix(input)) {
                return null;
            }
        }
        int n = Math.min(body.remaining(), input.remaining());
        body.put(body.position(), input, input.position(), n);
        body.position(body.position() + n);
        input.position(input.position() + n);
        if (body.hasRemaining()) {
            return null;
        }
        ByteBuffer frame = body;
        body = null;
        return frame.flip();
    }

    /** True if part of a frame (prefix or body) has been read but not the whole of it. */
    boolean hasPartialFrame() {
        return body != null || sizePrefix.position() > 0;
    }

    /** Drops partial state (the connection is gone). */
    void reset() {
        body = null;
        sizePrefix.clear();
    }

    private boolean readSizePrefix(ByteBuffer input) throws InvalidFrameSizeException {
        int size;
        if (sizePrefix.position() == 0 && input.remaining() >= Frames.SIZE_PREFIX_BYTES) {
            size = input.getInt(); // fast path: the whole prefix is in this read
        } else {
            while (sizePrefix.hasRemaining() && input.hasRemaining()) {
                sizePrefix.put(input.get());
            }
            if (sizePrefix.hasRemaining()) {
                return false;
            }
            size = sizePrefix.getInt(0);
            sizePrefix.clear();
        }
        if (size < 0) {
            throw new InvalidFrameSizeException("negative frame size " + size + ": garbage from the peer "
                    + "(wrong port, or a protocol mismatch such as TLS vs plaintext?)");
        }
        if (size > maxFrameBytes) {
            throw new InvalidFrameSizeException("frame size " + size + " exceeds limit " + maxFrameBytes
                    + ": garbage from the peer (wrong port, or a protocol mismatch such as TLS vs plaintext?)");
        }
        body = ByteBuffer.allocate(size);
        return true;
    }

    /** A size prefix that cannot be right; the connection must be closed, the stream cannot be resynchronised. */
    static final class InvalidFrameSizeException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidFrameSizeException(String message) {
            super(message);
        }
    }
}
