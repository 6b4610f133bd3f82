package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One call of the transactional API, handed from an application thread to the sender thread, which completes
 * {@link #result} exactly once (with null, or with the exception the caller must see).
 */
final class TransactionCall {

    /** Which API method. */
    enum Kind {
        INIT("initTransactions"),
        BEGIN("beginTransaction"),
        SEND_OFFSETS("sendOffsetsToTransaction"),
        COMMIT("commitTransaction"),
        ABORT("abortTransaction");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    final Kind kind;
    /** SEND_OFFSETS only. */
    final Map<TopicPartition, OffsetAndMetadata> offsets;
    /** SEND_OFFSETS only. */
    final ConsumerGroupMetadata group;
    final CompletableFuture<Void> result = new CompletableFuture<>();

    TransactionCall(Kind kind) {
        this(kind, Map.of(), null);
    }

    TransactionCall(Kind kind, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        this.kind = kind;
        this.offsets = offsets;
        this.group = group;
    }

    @Override
    public String toString() {
        return kind.method + "()";
    }
}
