package dev.vltava.producer.compat;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official interceptors from {@code interceptor.classes}, in order. They run in the facade rather than as
 * Vltava interceptors because the official contract passes official records and, on acknowledgement, the record's
 * headers, which only the facade still holds. As in Kafka, an interceptor that throws is logged and skipped.
 */
final class Interceptors<K, V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Interceptors.class);

    private final List<ProducerInterceptor<K, V>> interceptors;
    /** Asked several times per record: a field, not a call through the List interface. */
    private final boolean empty;

    Interceptors(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
        this.empty = this.interceptors.isEmpty();
    }

    boolean isEmpty() {
        return empty;
    }

    /** Each interceptor's {@code onSend} on the previous one's result; a failing one leaves the record as it was. */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> r = record;
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                r = i.onSend(r);
            } catch (RuntimeException e) {
                LOG.warn("Interceptor {} threw in onSend; the record goes on unchanged", i.getClass().getName(), e);
            }
        }
        return r;
    }

    /** Each interceptor's {@code onAcknowledgement} (the headers-aware variant). */
    void onAcknowledgement(RecordMetadata metadata, Exception error, Headers headers) {
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                i.onAcknowledgement(metadata, error, headers);
            } catch (Throwable t) { // any Throwable: the batch's other records must still complete
                LOG.warn("Interceptor {} threw in onAcknowledgement for a record to {}-{}; ignored",
                        i.getClass().getName(), metadata.topic(), metadata.partition(), t);
            }
        }
    }

    @Override
    public void close() {
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                i.close();
            } catch (Exception e) {
                LOG.warn("Closing interceptor {} failed", i.getClass().getName(), e);
            }
        }
    }
}
