package dev.vltava.producer.internal.send;

import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import java.util.concurrent.TimeUnit;

/** Builds the exceptions whose messages must carry context (what timed out, where, how long, the last error). */
final class Failures {
    private Failures() {
    }

    static TimeoutException deliveryTimeout(ProducerBatch b, long nowNs, long deliveryTimeoutMs) {
        long spentMs = TimeUnit.NANOSECONDS.toMillis(nowNs - b.createdNs());
        Exception last = b.lastError();
        String lastError = last == null ? (b.attempts() == 0 ? "never sent: no connection to the partition's leader"
                : "no response yet") : last.getMessage();
        return new TimeoutException(TimeoutException.What.DELIVERY, "Delivery of " + b.recordCount()
                + " record(s) to partition " + b.topicPartition + " timed out after " + spentMs + " ms "
                + "(delivery.timeout.ms=" + deliveryTimeoutMs + ") after " + b.attempts() + " attempt(s); "
                + "last error: " + lastError, last);
    }
}
