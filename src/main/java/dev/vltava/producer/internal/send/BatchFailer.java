package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.transaction.TransactionManager;

/**
 * Fails records for the sender's parts: a batch (its futures on the completion thread, its buffer back to the pool
 * unless a request still holds it, and the producer id reset the idempotence rules ask for), or a single record that
 * never reached a batch. Sender thread only.
 */
final class BatchFailer {
    private final RecordAccumulator accumulator;
    private final Completions completions;
    private final AckListener ackListener;
    private final ProducerMetrics metrics;
    private final Idempotence idempotence;
    /** Told of every record that fails, when the producer is transactional; else null. */
    private final TransactionManager transactions;

    BatchFailer(RecordAccumulator accumulator, Completions completions, AckListener ackListener,
            ProducerMetrics metrics, Idempotence idempotence, TransactionManager transactions) {
        this.accumulator = accumulator;
        this.completions = completions;
        this.ackListener = ackListener;
        this.metrics = metrics;
        this.idempotence = idempotence;
        this.transactions = transactions;
    }

    /** Completes the batch's records with an error; frees its buffer unless a request still holds it. */
    void fail(ProducerBatch b, Exception error, boolean releaseBuffer) {
        if (b.fail(error, completions, ackListener)) {
            metrics.recordsFailed(b.topicPartition().topic(), b.recordCount());
            idempotence.onBatchFailed(b, error); // a producer id reset if its sequence numbers are used up
            if (transactions != null) {
                transactions.recordFailed(error); // the open transaction can only be aborted now
            }
        }
        if (releaseBuffer) {
            accumulator.deallocate(b);
        }
    }

    /** Fails one record that is in no batch (it waited for metadata or memory). */
    void failRecord(PendingRecord<?> future, int partition, Exception error) {
        metrics.recordsFailed(null, 1);
        if (transactions != null) {
            transactions.recordFailed(error);
        }
        completions.submit(() -> future.fail(error, partition, ackListener));
    }
}
