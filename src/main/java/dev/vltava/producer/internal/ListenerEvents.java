package dev.vltava.producer.internal;

import dev.vltava.producer.ProducerListener;
import dev.vltava.producer.internal.metrics.EngineEvents;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's {@link ProducerListener} behind the engine's {@link EngineEvents}: whatever the listener throws is
 * caught (a VirtualMachineError excepted) and logged at WARN the first time per kind of event, at DEBUG after that,
 * so a broken listener can neither stop the sender nor flood the log.
 */
final class ListenerEvents implements EngineEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerEvents.class);

    enum Kind {
        CONNECTION_UP, CONNECTION_DOWN, METADATA_CHANGED, BATCH_SENT, BATCH_ACKNOWLEDGED, BATCH_RETRIED,
        BATCH_EXPIRED, BATCH_SPLIT, BUFFER_EXHAUSTED, PRODUCER_ID_RESET
    }

    private final ProducerListener listener;
    /** Per kind: how many times the listener threw. */
    private final AtomicLongArray failures = new AtomicLongArray(Kind.values().length);

    private ListenerEvents(ProducerListener listener) {
        this.listener = listener;
    }

    /** The events for this listener; {@link EngineEvents#NONE} when there is none. */
    static EngineEvents of(ProducerListener listener) {
        return listener == null ? EngineEvents.NONE : new ListenerEvents(listener);
    }

    /** How many times the listener threw for this kind of event (for tests). */
    long failures(Kind kind) {
        return failures.get(kind.ordinal());
    }

    private void failed(Kind kind, Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
        if (failures.getAndIncrement(kind.ordinal()) == 0) {
            LOG.warn("ProducerListener {} threw in its {} event; ignored (further failures of this event are logged "
                    + "at DEBUG). Listeners must not throw.", listener.getClass().getName(), kind, t);
        } else {
            LOG.debug("ProducerListener {} threw in its {} event again; ignored", listener.getClass().getName(), kind,
                    t);
        }
    }

    @Override
    public void connectionUp(int nodeId, String host, int port) {
        try {
            listener.onConnectionUp(nodeId, host, port);
        } catch (Throwable t) {
            failed(Kind.CONNECTION_UP, t);
        }
    }

    @Override
    public void connectionDown(int nodeId, String host, int port, String reason) {
        try {
            listener.onConnectionDown(nodeId, host, port, reason);
        } catch (Throwable t) {
            failed(Kind.CONNECTION_DOWN, t);
        }
    }

    @Override
    public void metadataChanged(int brokers, int topics) {
        try {
            listener.onMetadataChanged(brokers, topics);
        } catch (Throwable t) {
            failed(Kind.METADATA_CHANGED, t);
        }
    }

    @Override
    public void batchSent(String topic, int partition, int records, int bytes, int attempt) {
        try {
            listener.onBatchSent(topic, partition, records, bytes, attempt);
        } catch (Throwable t) {
            failed(Kind.BATCH_SENT, t);
        }
    }

    @Override
    public void batchAcknowledged(String topic, int partition, int records, long baseOffset) {
        try {
            listener.onBatchAcknowledged(topic, partition, records, baseOffset);
        } catch (Throwable t) {
            failed(Kind.BATCH_ACKNOWLEDGED, t);
        }
    }

    @Override
    public void batchRetried(String topic, int partition, int records, String error) {
        try {
            listener.onBatchRetried(topic, partition, records, error);
        } catch (Throwable t) {
            failed(Kind.BATCH_RETRIED, t);
        }
    }

    @Override
    public void batchExpired(String topic, int partition, int records) {
        try {
            listener.onBatchExpired(topic, partition, records);
        } catch (Throwable t) {
            failed(Kind.BATCH_EXPIRED, t);
        }
    }

    @Override
    public void batchSplit(String topic, int partition, int records) {
        try {
            listener.onBatchSplit(topic, partition, records);
        } catch (Throwable t) {
            failed(Kind.BATCH_SPLIT, t);
        }
    }

    @Override
    public void bufferExhausted(String topic) {
        try {
            listener.onBufferExhausted(topic);
        } catch (Throwable t) {
            failed(Kind.BUFFER_EXHAUSTED, t);
        }
    }

    @Override
    public void producerIdReset(long producerId, short epoch) {
        try {
            listener.onProducerIdReset(producerId, epoch);
        } catch (Throwable t) {
            failed(Kind.PRODUCER_ID_RESET, t);
        }
    }
}
