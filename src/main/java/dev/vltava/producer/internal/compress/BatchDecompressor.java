package dev.vltava.producer.internal.compress;

import java.nio.ByteBuffer;

/**
 * Decompresses the records section of one batch. Used by our own batch reader (tests and verification), not by the
 * producer's hot path, so it favours simplicity over allocation. Instances are stateless and thread safe.
 */
public interface BatchDecompressor {

    /** The codec this decompressor reads. */
    CompressionType type();

    /**
     * Decompresses {@code src[position, limit)} (the source position is not changed).
     *
     * @param maxOutputBytes a bound on the output, protecting against corrupt or hostile input
     * @return a new heap buffer holding the decompressed bytes from position 0 to its limit
     * @throws DecompressionException if the input is corrupt or would decompress to more than {@code maxOutputBytes}
     */
    ByteBuffer decompress(ByteBuffer src, int maxOutputBytes);
}
