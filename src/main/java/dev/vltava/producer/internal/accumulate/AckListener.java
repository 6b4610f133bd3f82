package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.RecordMetadata;

/** Told of every record's outcome before its callback runs (the producer's interceptors sit behind this). */
@FunctionalInterface
public interface AckListener {
    AckListener NONE = (metadata, exception) -> { };

    void onAcknowledgement(RecordMetadata metadata, Exception exception);
}
