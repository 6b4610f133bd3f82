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
    /** A whole frame was read on this connection: a TLS record header now would be garbage, not a TLS listener. */
    private boolean frameRead;

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
        frameRead = true;
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
        if ((size < 0 || size > maxFrameBytes) && !frameRead && looksLikeTlsRecordHeader(size)) {
            throw new TlsRecordException("the first bytes from the peer are a TLS record header, not a frame size");
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

    /**
     * True if the 4 bytes read as a size are the start of a TLS record: content type 20-23 (change_cipher_spec, alert,
     * handshake, application_data), then protocol version 3.x (SSL 3.0 to TLS 1.3 all write 3.0-3.4).
     */
    static boolean looksLikeTlsRecordHeader(int size) {
        int contentType = size >>> 24;
        int major = (size >>> 16) & 0xFF;
        int minor = (size >>> 8) & 0xFF;
        return contentType >= 20 && contentType <= 23 && major == 3 && minor <= 4;
    }

    /** The peer speaks TLS on a plaintext connection: its first bytes are a TLS record, not a frame. */
    static final class TlsRecordException extends InvalidFrameSizeException {
        private static final long serialVersionUID = 1L;

        TlsRecordException(String message) {
            super(message);
        }
    }

    /** A size prefix that cannot be right; the connection must be closed, the stream cannot be resynchronised. */
    static class InvalidFrameSizeException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidFrameSizeException(String message) {
            super(message);
        }
    }
}
