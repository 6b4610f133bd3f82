package dev.vltava.producer.internal;

import dev.vltava.producer.ProducerListener;
import dev.vltava.producer.internal.metrics.EngineEvents;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
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

    /**
     * Delivers one event to the listener. A lambda per event (per batch or connection, never per record), and only
     * when a listener is set.
     */
    private void deliver(Kind kind, Consumer<ProducerListener> event) {
        try {
            event.accept(listener);
        } catch (Throwable t) {
            failed(kind, t);
        }
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
        deliver(Kind.CONNECTION_UP, l -> l.onConnectionUp(nodeId, host, port));
    }

    @Override
    public void connectionDown(int nodeId, String host, int port, String reason) {
        deliver(Kind.CONNECTION_DOWN, l -> l.onConnectionDown(nodeId, host, port, reason));
    }

    @Override
    public void metadataChanged(int brokers, int topics) {
        deliver(Kind.METADATA_CHANGED, l -> l.onMetadataChanged(brokers, topics));
    }

    @Override
    public void batchSent(String topic, int partition, int records, int bytes, int attempt) {
        deliver(Kind.BATCH_SENT, l -> l.onBatchSent(topic, partition, records, bytes, attempt));
    }

    @Override
    public void batchAcknowledged(String topic, int partition, int records, long baseOffset) {
        deliver(Kind.BATCH_ACKNOWLEDGED, l -> l.onBatchAcknowledged(topic, partition, records, baseOffset));
    }

    @Override
    public void batchRetried(String topic, int partition, int records, String error) {
        deliver(Kind.BATCH_RETRIED, l -> l.onBatchRetried(topic, partition, records, error));
    }

    @Override
    public void batchExpired(String topic, int partition, int records) {
        deliver(Kind.BATCH_EXPIRED, l -> l.onBatchExpired(topic, partition, records));
    }

    @Override
    public void batchSplit(String topic, int partition, int records) {
        deliver(Kind.BATCH_SPLIT, l -> l.onBatchSplit(topic, partition, records));
    }

    @Override
    public void bufferExhausted(String topic) {
        deliver(Kind.BUFFER_EXHAUSTED, l -> l.onBufferExhausted(topic));
    }

    @Override
    public void producerIdReset(long producerId, short epoch) {
        deliver(Kind.PRODUCER_ID_RESET, l -> l.onProducerIdReset(producerId, epoch));
    }
}
