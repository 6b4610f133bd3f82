package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * TLS record buffers of one size for one transport's connections (network bytes in, or network bytes out: one of each
 * per TLS connection, from two pools), taken when a TLS connection starts and given back when it closes, so reconnects
 * do not allocate. Keeps at most {@code maxIdle} buffers; more are left to the garbage collector. Used by the polling
 * thread only.
 *
 * <p>The buffers are <b>heap</b> buffers, on purpose: the JDK's AES-GCM (JDK 17 and 25 alike) encrypts and
 * authenticates a heap buffer in place in its backing array, but copies a direct buffer through 1 KiB scratch arrays
 * that it allocates for every TLS record (twice per record: counter mode and GHASH). Measured with
 * {@code benchmarks/.../TlsWrapCost} (docs/benchmarks-tls.md): a direct record buffer allocates about 134 KB more per MB
 * wrapped and costs more CPU per MB than a heap one, the socket write included; the one copy NIO makes of a heap buffer
 * into its cached temporary direct buffer is cheaper than the cipher's two.
 */
final class TlsBufferPool {

    /**
     * Bytes of a read buffer: room for several TLS records (at most 16 KiB of data plus overhead each, 33 KiB when the
     * JDK accepts large fragments), so one socket read moves several records.
     */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    /**
     * Bytes of a write buffer: as many bytes per socket write as the plaintext path's least gathering write
     * ({@link NioTransport#MIN_BYTES_PER_WRITE}): about 15 full records per write instead of 3, so fewer write calls
     * per MB (measured: less CPU per MB wrapped and written).
     */
    static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private final int bufferBytes;
    private final int maxIdle;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private int outstanding;

    TlsBufferPool(int bufferBytes, int maxIdle) {
        this.bufferBytes = bufferBytes;
        this.maxIdle = maxIdle;
    }

    /** A cleared heap buffer of at least minBytes (of this pool's size unless more is asked). */
    ByteBuffer acquire(int minBytes) {
        outstanding++;
        if (minBytes > bufferBytes) {
            return ByteBuffer.allocate(minBytes); // an engine with larger records: not pooled
        }
        ByteBuffer buffer = idle.pollFirst();
        return buffer != null ? buffer.clear() : ByteBuffer.allocate(bufferBytes);
    }

    /** Gives a buffer back; null is ignored (a connection that never got its buffers). */
    void release(ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        outstanding--;
        if (buffer.capacity() == bufferBytes && idle.size() < maxIdle) {
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
