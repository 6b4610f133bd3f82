package dev.vltava.producer.internal.compress;

import java.nio.ByteBuffer;

/**
 * Compresses the records section of one batch at a time.
 *
 * <p><b>Not thread safe.</b> An instance reuses native contexts and staging buffers between calls, so it belongs to
 * one thread (one per sender thread). Obtain one from {@link Codecs#compressor(CompressionType, int)}.
 */
public interface BatchCompressor extends AutoCloseable {

    /** The codec this compressor writes. */
    CompressionType type();

    /**
     * Compresses {@code src[position, limit)} into {@code dst} starting at its position, as one complete stream of
     * this codec's wire framing (gzip member, xerial snappy stream, lz4 frame, zstd frame).
     *
     * <p>On success the source position is advanced to its limit, the destination position by the returned count.
     * When the output does not fit in {@code dst[position, limit)} the method returns -1 and both positions are
     * unspecified; nothing outside the destination's remaining range is written. Callers use a destination smaller
     * than the source to learn, at no extra cost, that compression would not save space.
     *
     * @return bytes written, or -1 if {@code dst} had too little room
     */
    int compress(ByteBuffer src, ByteBuffer dst);

    /**
     * A scratch buffer owned by this compressor, cleared, with capacity at least {@code minCapacityInBytes}, direct
     * or heap as asked (matching the batch buffer avoids staging copies). It is reused: valid only until the next
     * call of this method. It grows to the largest size ever asked and never shrinks.
     */
    ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct);

    /** Releases native resources early; the garbage collector would otherwise do it. Idempotent. */
    @Override
    default void close() {
    }
}
