package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.network.ResponseHandler;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.InitProducerIdRequest;
import dev.vltava.producer.internal.protocol.InitProducerIdResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the idempotent producer's id and epoch with InitProducerId (no transactional id, timeout
 * Integer.MAX_VALUE), at the start and whenever {@link Idempotence} has dropped the old one (a reset waits until no
 * request of the old id is in flight; then every partition starts again at sequence 0, and batches not yet
 * acknowledged are re-stamped on their next attempt). Sender thread only.
 */
final class ProducerIdManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdManager.class);
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final BrokerClient client;
    private final Metadata metadata;
    private final Idempotence idempotence;
    /** The batches in requests: a reset waits until none of the old id is left. */
    private final InFlightBatches batchesInFlight;
    private final RecordAccumulator accumulator;
    private final Backoff backoff;
    private final FatalError fatalError;
    private boolean inFlight;
    private long notBeforeNs;
    private int failures;

    ProducerIdManager(BrokerClient client, Metadata metadata, Idempotence idempotence,
            InFlightBatches batchesInFlight, RecordAccumulator accumulator, Backoff backoff, FatalError fatalError) {
        this.client = client;
        this.metadata = metadata;
        this.idempotence = idempotence;
        this.batchesInFlight = batchesInFlight;
        this.accumulator = accumulator;
        this.backoff = backoff;
        this.fatalError = fatalError;
    }

    /** True when produce requests may go out: an id is held and no reset is waiting (see Idempotence). */
    boolean ready(long nowNs) {
        return idempotence.readyToProduce(batchesInFlight.size());
    }

    long maybeRequest(long nowNs) {
        if (inFlight || idempotence.resetPending()) {
            return IDLE_NS;
        }
        if (nowNs < notBeforeNs) {
            return notBeforeNs - nowNs;
        }
        BrokerAddress node = client.leastLoadedReady(metadata.snapshot().nodes().values());
        if (node == null) {
            metadata.requestUpdate(); // the metadata updater connects somewhere
            return IDLE_NS;
        }
        short version = client.version(node.nodeId(), ApiKey.INIT_PRODUCER_ID);
        inFlight = true;
        client.send(node.nodeId(), new InitProducerIdRequest(null, Integer.MAX_VALUE, -1L, (short) -1),
                version, true, new ResponseHandler() {
                    @Override
                    public void onResponse(ByteBuffer body, short v, long now) {
                        inFlight = false;
                        handle(InitProducerIdResponse.parse(body, v), node, now);
                    }

                    @Override
                    public void onFailure(Exception cause, long now) {
                        inFlight = false;
                        retryLater(now);
                    }
                }, nowNs);
        return IDLE_NS;
    }

    private void handle(InitProducerIdResponse r, BrokerAddress node, long nowNs) {
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        if (code == ErrorCode.NONE) {
            idempotence.producerIdGranted(r.producerId(), r.producerEpoch());
            // Under a new id the broker accepts any first sequence: each partition's first request goes alone again.
            accumulator.resetPartitionSuccess();
            failures = 0;
            LOG.info("producer id {} epoch {} from {}", r.producerId(), r.producerEpoch(), node);
            return;
        }
        if (code.retriable() || code == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS || code == ErrorCode.NOT_COORDINATOR) {
            retryLater(nowNs);
            return;
        }
        VltavaException e = code == ErrorCode.CLUSTER_AUTHORIZATION_FAILED
                ? new AuthorizationException(AuthorizationException.ResourceType.CLUSTER, null,
                "The idempotent producer is not authorized (CLUSTER_AUTHORIZATION_FAILED on InitProducerId): "
                        + "brokers older than 2.8 require IDEMPOTENT_WRITE on the cluster; grant it or set "
                        + "enable.idempotence=false.")
                : new BrokerException(VltavaException.Kind.FATAL, code.code(), code.name(),
                "InitProducerId failed with " + code.name() + ": " + code.message());
        fatalError.set(e);
    }

    private void retryLater(long nowNs) {
        failures++;
        notBeforeNs = Deadlines.plusNs(nowNs, backoff.delayNs(failures));
    }
}
