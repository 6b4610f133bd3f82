package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.SaslAuthenticationException;
import dev.vltava.producer.SslAuthenticationException;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.network.FakeSaslBroker;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.internal.security.sasl.PlainMechanism;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.security.auth.callback.Callback;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.junit.jupiter.api.Test;

/**
 * A node whose connection failed authentication (SASL refused, or the TLS handshake failed) makes the records waiting
 * on it fail at once with the authentication error, instead of being retried until delivery.timeout.ms: the batches
 * queued for that leader, and records waiting for metadata when every known node failed authentication. The producer
 * stays usable: once a node authenticates again, later records are sent.
 */
class SenderAuthenticationFailureTest {
    private static final String PASSWORD = "alice-secret";

    private static final class ExplicitPartitions implements RecordRouter {
        RecordAccumulator accumulator;

        @Override
        public int choosePartition(String topic, WaitingRecords.Waiting w, ClusterSnapshot cluster) {
            return w.explicitPartition < cluster.partitionCount(topic) ? w.explicitPartition : -2;
        }

        @Override
        public boolean appendNow(String topic, int partition, WaitingRecords.Waiting w, ClusterSnapshot cluster,
                long nowNs) {
            try {
                return accumulator.append(new TopicPartition(topic, partition), w.timestamp, w.keyBytes,
                        w.valueBytes, w.headers, w.future, RecordAccumulator.FROM_EARMARKED_MEMORY, nowNs) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static SenderHarness harness(boolean idempotent) {
        ExplicitPartitions router = new ExplicitPartitions();
        SenderHarness h = new SenderHarness(SenderHarness.config(idempotent, 5, 30_000, 120_000), 2, 1024, 0,
                Long.MAX_VALUE, router);
        router.accumulator = h.accumulator;
        return h;
    }

    /** The harness's broker behind a SASL PLAIN front (Kafka's PLAIN server), with the client using PLAIN. */
    private static FakeSaslBroker withSasl(SenderHarness h, String password) {
        FakeSaslBroker broker = new FakeSaslBroker(List.of("PLAIN"), () -> new PlainSaslServer(callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof PlainAuthenticateCallback p) {
                    p.authenticated(new String(p.password()).equals(PASSWORD));
                }
            }
        }));
        broker.others = h::respond;
        h.transport.setResponder(broker);
        h.client.enableSasl(new PlainMechanism("alice", password));
        return broker;
    }

    private static RecordFuture park(SenderHarness h, int partition, String value, List<String> done)
            throws InterruptedException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        RecordFuture f = new RecordFuture(SenderHarness.TOPIC, (md, e) -> done.add(value
                + (e == null ? "@" + md.partition() : ":" + e.getClass().getSimpleName())), -1, v.length, 0L);
        h.pool.reserve(100, 0);
        long deadlineNs = h.nowNs + TimeUnit.MILLISECONDS.toNanos(h.config.maxBlockMs());
        assertTrue(h.waiting.add(SenderHarness.TOPIC, new WaitingRecords.Waiting(null, value, null, v,
                new RecordHeader[0], 0L, partition, f, deadlineNs, 100), true));
        return f;
    }

    private static Throwable failure(RecordFuture f) {
        assertTrue(f.isDone(), "completed");
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("succeeded");
    }

    @Test
    void batchesQueuedForALeaderWhoseTlsHandshakeFailedFailAtOnce() throws Exception {
        SenderHarness h = harness(false).warmUp();
        h.transport.autoConnect(false);
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, "a", done);
        h.steps(2); // node 0 is connected to
        h.transport.failConnection(0, new SSLHandshakeException("node 0 (n0:9092): PKIX path building failed: "
                + "untrusted certificate"));
        h.steps(3); // no time passes: far from delivery.timeout.ms
        Throwable e = failure(f);
        assertInstanceOf(SslAuthenticationException.class, e);
        assertTrue(e.getMessage().contains("untrusted certificate"), e.getMessage());
        assertEquals(List.of("0:a:SslAuthenticationException"), done);

        // The only broker failed: once its backoff has passed, a new record waits for the next attempt instead of
        // failing with the old failure, and goes through when the handshake succeeds.
        h.advanceMs(2_000);
        h.transport.autoConnect(true);
        RecordFuture later = h.append(0, "b", done);
        h.steps(4);
        assertEquals(1, h.held.size(), "sent: " + done);
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertTrue(later.isDone() && !later.isCompletedExceptionally());
    }

    @Test
    void batchesQueuedForALeaderThatRefusesSaslFailAtOnceAndLaterOnesGoThroughOnceItAccepts() throws Exception {
        SenderHarness h = harness(false);
        FakeSaslBroker broker = withSasl(h, PASSWORD);
        h.leaders.put(1, 1); // partition 1 is led by node 1, which refuses us; the bootstrap server and node 0 do not
        broker.refuse.add(1);
        h.warmUp();
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(1, "a", done);
        h.steps(4);
        Throwable e = failure(f);
        assertInstanceOf(SaslAuthenticationException.class, e);
        assertTrue(e.getMessage().contains("node 1") && e.getMessage().contains("refused by the test"),
                e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));

        broker.refuse.clear(); // an administrator fixed it: the producer keeps reconnecting with backoff
        h.advanceMs(2_000);
        RecordFuture later = h.append(1, "b", done);
        h.steps(6);
        assertEquals(1, h.held.size(), "the later record was sent: " + done + " " + broker.log);
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertTrue(later.isDone() && !later.isCompletedExceptionally());
    }

    @Test
    void recordsWaitingForMetadataFailWhenEveryBootstrapServerRefusesAuthentication() throws Exception {
        SenderHarness h = harness(false);
        withSasl(h, "wrong-password");
        List<String> done = new ArrayList<>();
        RecordFuture f = park(h, 0, "w", done);
        h.steps(4); // well inside max.block.ms
        Throwable e = failure(f);
        assertInstanceOf(SaslAuthenticationException.class, e);
        assertTrue(e.getMessage().contains("SASL_AUTHENTICATION_FAILED"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"));
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(), "the record's reservation was released");
    }

    @Test
    void anIdempotentProducerWithoutAProducerIdFailsItsBatchesToo() throws Exception {
        SenderHarness h = harness(true);
        withSasl(h, "wrong-password");
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, "a", done);
        h.steps(4);
        assertInstanceOf(SaslAuthenticationException.class, failure(f));
    }
}
