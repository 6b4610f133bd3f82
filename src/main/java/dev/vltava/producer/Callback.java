package dev.vltava.producer;

/**
 * Called once when a record's send completes. It runs on the producer's completion thread (never on the I/O
 * thread), in send order per partition; keep it short or hand work off.
 *
 * <p>On success {@code exception} is null and {@code metadata} is non-null. On failure {@code exception} is
 * non-null and, as in Kafka, {@code metadata} may still be non-null to tell where the record was headed: its
 * topic and partition (-1 if none was chosen yet) with offset and timestamp -1. Test {@code exception}, not
 * {@code metadata}, to tell success from failure.
 */
@FunctionalInterface
public interface Callback {

    /**
     * The record's send completed.
     *
     * @param metadata where the record landed; on failure possibly non-null with offset and timestamp -1
     * @param exception the failure, or {@code null} on success
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
