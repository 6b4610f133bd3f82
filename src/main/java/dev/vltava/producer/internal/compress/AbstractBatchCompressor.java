package dev.vltava.producer.internal.compress;

import java.nio.ByteBuffer;

/**
 * Holds the reusable scratch buffers every compressor hands out, plus heap staging arrays for codecs whose native
 * binding only takes {@code byte[]}. Everything grows on demand and is kept, so a steady stream of batches of similar
 * size allocates nothing.
 */
abstract class AbstractBatchCompressor implements BatchCompressor {
    private ByteBuffer heapScratch;
    private ByteBuffer directScratch;
    private byte[] stagingIn = new byte[0];
    private byte[] stagingOut = new byte[0];

    @Override
    public final ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
        if (minCapacityInBytes < 0) {
            throw new IllegalArgumentException("negative capacity " + minCapacityInBytes);
        }
        if (direct) {
            if (directScratch == null || directScratch.capacity() < minCapacityInBytes) {
                directScratch = ByteBuffer.allocateDirect(minCapacityInBytes);
            }
            return directScratch.clear();
        }
        if (heapScratch == null || heapScratch.capacity() < minCapacityInBytes) {
            heapScratch = ByteBuffer.allocate(minCapacityInBytes);
        }
        return heapScratch.clear();
    }

    /** A reusable input staging array of at least this length (contents unspecified). */
    final byte[] stagingIn(int minLength) {
        if (stagingIn.length < minLength) {
            stagingIn = new byte[minLength];
        }
        return stagingIn;
    }

    /** A reusable output staging array of at least this length (contents unspecified). */
    final byte[] stagingOut(int minLength) {
        if (stagingOut.length < minLength) {
            stagingOut = new byte[minLength];
        }
        return stagingOut;
    }

    /**
     * Makes {@code length} bytes of {@code src} starting at absolute index {@code index} addressable as an array:
     * returns the backing array when there is one (then the data starts at {@code src.arrayOffset() + index}),
     * otherwise copies them into the input staging array at offset 0.
     */
    final byte[] inputArray(ByteBuffer src, int index, int length) {
        if (src.hasArray()) {
            return src.array();
        }
        byte[] staging = stagingIn(length);
        src.get(index, staging, 0, length);
        return staging;
    }

    /** The array offset matching {@link #inputArray}. */
    static int inputArrayOffset(ByteBuffer src, int index) {
        return src.hasArray() ? src.arrayOffset() + index : 0;
    }
}
