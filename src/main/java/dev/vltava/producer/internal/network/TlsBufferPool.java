package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The TLS record buffers of one transport's connections (network bytes in and out, one of each per TLS connection):
 * direct buffers of one size, taken when a TLS connection starts and given back when it closes, so reconnects do not
 * allocate. Keeps at most {@code maxIdle} buffers; more are left to the garbage collector. Used by the polling thread
 * only.
 */
final class TlsBufferPool {

    /**
     * Bytes per buffer: room for several TLS records (at most 16 KiB of data plus overhead each, 33 KiB when the JDK
     * accepts large fragments), so one socket read or write moves several records.
     */
    static final int BUFFER_BYTES = 64 * 1024;

    private final int maxIdle;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private int outstanding;

    TlsBufferPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** A cleared buffer of at least minBytes (of {@link #BUFFER_BYTES} unless more is asked). */
    ByteBuffer acquire(int minBytes) {
        outstanding++;
        if (minBytes > BUFFER_BYTES) {
            return ByteBuffer.allocateDirect(minBytes); // an engine with larger records: not pooled
        }
        ByteBuffer buffer = idle.pollFirst();
        return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    /** Gives a buffer back; null is ignored (a connection that never got its buffers). */
    void release(ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        outstanding--;
        if (buffer.capacity() == BUFFER_BYTES && idle.size() < maxIdle) {
            idle.addFirst(buffer.clear());
        }
    }

    /** Buffers taken and not given back: 0 when no TLS connection is open (tests check it). */
    int outstanding() {
        return outstanding;
    }

    /** Buffers kept for reuse. */
    int idle() {
        return idle.size();
    }

    void clear() {
        idle.clear();
    }
}
