package dev.vltava.producer.internal.accumulate;

/**
 * What a partition's batches compress to (compressed / uncompressed bytes of the records), learnt from the batches
 * sealed so far, so that the next batch may hold as many records as fit batch.size once compressed (as the official
 * client fills its batches): with JSON-like values that compress to about 0.4, a batch bounded by its uncompressed
 * size sent two and a half times as many batches and requests as the official client's, and the broker, which pays
 * per batch and per request, spent more CPU per record on ours than on its (issue 16, session 18).
 *
 * <p>The estimate starts at 1 (no compression). A batch that compressed worse than the estimate sets it at once, so
 * that the next batches are sized for the data as it is now (a batch grown for compressible data that turns out not
 * to compress goes out larger than batch.size, up to the largest size class); one that compressed better moves it
 * halfway there, so that a single well-compressing batch does not let the next ones grow too far.
 *
 * <p>Written by the thread that seals a batch (an application thread or the sender), read when a partition's next
 * batch is opened; a lost update between two sealing threads only delays what the next seal tells it.
 */
final class CompressionRatioEstimate {
    private volatile float ratio = 1f;

    /** The estimated compressed size per uncompressed byte, in (0, 1]. */
    float ratio() {
        return ratio;
    }

    /** A sealed batch: {@code uncompressedBytes} of records went out as {@code sentBytes} (equal if left as they were). */
    void observe(int uncompressedBytes, int sentBytes) {
        if (uncompressedBytes <= 0) {
            return;
        }
        float observed = Math.min(1f, Math.max(0.001f, (float) sentBytes / uncompressedBytes));
        float current = ratio;
        ratio = observed >= current ? observed : current - (current - observed) / 2;
    }
}
