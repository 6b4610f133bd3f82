package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.MetadataRequest;
import dev.vltava.producer.internal.protocol.ProduceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.Test;

/**
 * Requests that expect no response (Produce with acks=0) are outstanding until written: whatever ends their connection
 * before that, their handler fails exactly once, and they are bounded by request.timeout.ms. Also: closing an idle
 * connection is not taken for the next connection's failure.
 */
class BrokerClientUnwrittenRequestsTest {
    private static final long REQUEST_TIMEOUT_MS = 30_000;
    private static final BrokerAddress NODE = new BrokerAddress(0, "node0.invalid", 9092, null);

    private long nowNs = TimeUnit.SECONDS.toNanos(1);
    /** Frames are written only when a test says so: a broker that stopped reading. */
    private final FakeTransport transport = new FakeTransport().autoConnect(true);

    /** Records what a request's handler was told, to check it was told exactly once. */
    private static final class Outcome implements ResponseHandler {
        final List<String> calls = new ArrayList<>();
        Exception failure;

        @Override
        public void onResponse(ByteBuffer body, short version, long now) {
            calls.add(body == null ? "written" : "response");
        }

        @Override
        public void onFailure(Exception cause, long now) {
            calls.add("failed");
            failure = cause;
        }
    }

    private BrokerClient client(long connectionsMaxIdleMs) {
        return new BrokerClient(transport, "test", 5, REQUEST_TIMEOUT_MS, 10_000, 0, 0, connectionsMaxIdleMs,
                () -> nowNs);
    }

    /** Connects and completes the ApiVersions handshake (its frame is written, then answered). */
    private void connectAndHandshake(BrokerClient client) {
        transport.setResponder((node, request) -> apiVersionsResponse(request));
        assertTrue(client.connect(NODE, nowNs));
        client.poll(0); // connected: the ApiVersions request is queued
        transport.completeNextSend(0);
        client.poll(0); // written and answered
        assertTrue(client.isReady(0), "handshake done");
        transport.setResponder(null);
    }

    private static ProduceRequest acksZeroProduce() {
        return new ProduceRequest(null, (short) 0, (int) REQUEST_TIMEOUT_MS, List.of());
    }

    private void sendAcksZero(BrokerClient client, Outcome outcome) {
        client.send(0, acksZeroProduce(), (short) 9, false, outcome, nowNs);
    }

    private void sendMetadata(BrokerClient client, Outcome outcome) {
        client.send(0, new MetadataRequest(List.of("t"), false), client.version(0, ApiKey.METADATA), true, outcome,
                nowNs);
    }

    private void advanceMs(long ms) {
        nowNs += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void unwrittenAcksZeroRequestsFailWhenAnotherRequestTimesOutAndTheClientClosesTheConnection() {
        BrokerClient client = client(Long.MAX_VALUE);
        connectAndHandshake(client);
        Outcome metadata = new Outcome();
        sendMetadata(client, metadata);
        advanceMs(10_000);
        Outcome produce = new Outcome();
        sendAcksZero(client, produce);
        assertEquals(2, transport.unwrittenCount(0), "the broker reads nothing: both frames wait");

        advanceMs(REQUEST_TIMEOUT_MS - 10_000 + 1); // the metadata request is late, the produce request is not yet
        client.poll(0);
        assertEquals(List.of(0), transport.disconnectCalls(), "the client closed the connection itself");
        assertEquals(List.of("failed"), metadata.calls);
        assertEquals(List.of("failed"), produce.calls, "the unwritten acks=0 request failed with its connection");
        assertInstanceOf(RequestTimeoutException.class, produce.failure);
        assertTrue(produce.failure.getMessage().startsWith("METADATA request"), "the metadata request's timeout: "
                + produce.failure.getMessage());

        client.poll(0); // the transport's own report of the closed connection, with the unsent frames' tokens
        client.poll(0);
        assertEquals(List.of("failed"), produce.calls, "told once only");
        assertFalse(client.isConnectedOrConnecting(0));
    }

    @Test
    void unwrittenAcksZeroRequestsFailWhenAGarbageResponseMakesTheClientCloseTheConnection() {
        BrokerClient client = client(Long.MAX_VALUE);
        connectAndHandshake(client);
        Outcome metadata = new Outcome();
        sendMetadata(client, metadata);
        Outcome produce = new Outcome();
        sendAcksZero(client, produce);

        transport.deliver(0, new byte[] {1, 2, 3}); // not even a response header
        client.poll(0);
        assertEquals(List.of(0), transport.disconnectCalls());
        assertEquals(List.of("failed"), metadata.calls);
        assertEquals(List.of("failed"), produce.calls, "the unwritten acks=0 request failed with its connection");

        client.poll(0);
        client.poll(0);
        assertEquals(List.of("failed"), produce.calls, "told once only");
    }

    @Test
    void unwrittenAcksZeroRequestsFailWhenTheClientIsToldToDisconnect() {
        BrokerClient client = client(Long.MAX_VALUE);
        connectAndHandshake(client);
        Outcome first = new Outcome();
        Outcome second = new Outcome();
        sendAcksZero(client, first);
        sendAcksZero(client, second);
        transport.completeNextSend(0);
        client.poll(0);
        assertEquals(List.of("written"), first.calls);

        client.disconnect(0, new IOException("closed by the test"));
        client.poll(0);
        client.poll(0);
        assertEquals(List.of("written"), first.calls, "a written acks=0 request is done: never failed afterwards");
        assertEquals(List.of("failed"), second.calls);
        assertFalse(client.isReady(0));
    }

    @Test
    void aHandlerThatThrowsDoesNotKeepTheOtherRequestsOfTheConnectionFromFailing() {
        BrokerClient client = client(Long.MAX_VALUE);
        connectAndHandshake(client);
        Outcome metadata = new Outcome();
        sendMetadata(client, metadata);
        ResponseHandler throwing = new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer body, short version, long now) {
            }

            @Override
            public void onFailure(Exception cause, long now) {
                throw new IllegalStateException("a buggy handler");
            }
        };
        client.send(0, acksZeroProduce(), (short) 9, false, throwing, nowNs);
        Outcome produce = new Outcome();
        sendAcksZero(client, produce);

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> client.disconnect(0, new IOException("closed by the test")), "the handler's bug still surfaces");
        assertEquals("a buggy handler", thrown.getMessage());
        assertEquals(List.of("failed"), metadata.calls);
        assertEquals(List.of("failed"), produce.calls, "the request after the throwing one failed too");

        // The client still knows the transport's report of that close is to come: a new connection is not taken down.
        transport.autoConnect(false);
        boolean started = client.connect(NODE, nowNs); // as the sender would, at once
        client.poll(0);
        started |= client.connect(NODE, nowNs);
        client.poll(0);
        assertTrue(started && client.isConnectedOrConnecting(0), "a new connection started and is still on");
    }

    @Test
    void anAcksZeroRequestThatCannotBeWrittenTimesOutAfterTheRequestTimeout() {
        BrokerClient client = client(Long.MAX_VALUE);
        connectAndHandshake(client);
        Outcome produce = new Outcome();
        sendAcksZero(client, produce);

        advanceMs(REQUEST_TIMEOUT_MS);
        client.poll(0);
        assertEquals(List.of(), produce.calls, "not before request.timeout.ms");
        assertTrue(client.isConnectedOrConnecting(0));

        advanceMs(1);
        client.poll(0);
        assertEquals(List.of("failed"), produce.calls);
        assertInstanceOf(RequestTimeoutException.class, produce.failure);
        assertTrue(produce.failure.getMessage().contains("could not be written"), produce.failure.getMessage());
        assertEquals(List.of(0), transport.disconnectCalls(), "the stalled connection is closed");
        assertFalse(client.isConnectedOrConnecting(0));
    }

    @Test
    void closingAnIdleConnectionIsNotTakenForTheNextConnectionsFailureWithoutReconnectBackoff() {
        BrokerClient client = client(60_000); // reconnect.backoff.ms = 0
        connectAndHandshake(client);
        advanceMs(60_001);
        client.poll(0);
        assertEquals(List.of(0), transport.disconnectCalls(), "closed as idle");

        // A new request for the node: the sender connects as soon as the client lets it. The new connect takes a
        // while (as over a real network), so the old connection's end is reported while it is still on its way.
        transport.autoConnect(false);
        boolean started = client.connect(NODE, nowNs);
        for (int i = 0; i < 3 && !started; i++) {
            client.poll(0);
            started = client.connect(NODE, nowNs);
        }
        assertTrue(started, "a new connection may start once the old one's end is reported");
        client.poll(0);
        client.poll(0);
        assertTrue(client.isConnectedOrConnecting(0),
                "the report of the idle connection's end was not taken for the new connection's failure");
        assertTrue(client.connect(NODE, nowNs), "the client does not try to open a second connection (the transport "
                + "would refuse: one is still connecting)");
        assertEquals(2, transport.connectCalls().size());

        transport.completeConnect(0);
        client.poll(0); // connected: ApiVersions queued
        transport.setResponder((node, request) -> apiVersionsResponse(request));
        transport.completeNextSend(0);
        client.poll(0);
        assertTrue(client.isReady(0), "the new connection completed its handshake");
        Outcome metadata = new Outcome();
        sendMetadata(client, metadata);
        client.poll(0);
        assertEquals(List.of(), metadata.calls, "a request on it is not failed by the old connection's end");
    }

    private static ByteBuffer apiVersionsResponse(ByteBuffer request) {
        RequestHeader header = RequestHeader.parse(request);
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        short v = header.apiVersion();
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(header.correlationId()),
                ApiKeys.API_VERSIONS.responseHeaderVersion(v), d, v);
    }
}
