package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeTransportTest {

    static ByteBuffer[] frame(String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer prefix = ByteBuffer.allocate(4).putInt(0, bytes.length);
        return new ByteBuffer[] {prefix, ByteBuffer.wrap(bytes)};
    }

    @Test
    void scriptedEventsHappenInsideTheNextPollInOrder() {
        FakeTransport transport = new FakeTransport();
        RecordingListener listener = new RecordingListener();
        transport.connect(1, "b1", 9092);
        assertTrue(transport.isConnecting(1));
        transport.send(1, frame("req-a"), "a");
        transport.completeConnect(1);
        transport.completeSends(1);
        transport.deliver(1, "resp".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(listener.log.isEmpty(), "nothing happens outside poll");

        transport.poll(100, listener);
        assertEquals(List.of("connected 1", "complete 1 a", "receive 1 4B"), listener.log);
        assertTrue(transport.isConnected(1));
        assertEquals("req-a", java.nio.charset.StandardCharsets.UTF_8.decode(transport.sentFrames(1).get(0).body())
                .toString());
        assertEquals(List.of(100L), transport.pollTimeouts());
        assertEquals(List.of("1@b1:9092"), transport.connectCalls());
    }

    @Test
    void recordsWholeFramesWithoutTouchingCallerBuffers() {
        FakeTransport transport = new FakeTransport().autoConnect(true);
        ByteBuffer[] frame = frame("hello");
        transport.connect(7, "h", 1);
        transport.send(7, frame, "t");
        assertEquals(0, frame[0].position());
        assertEquals(0, frame[1].position());
        byte[] sent = transport.sentFrames(7).get(0).bytes();
        assertEquals(9, sent.length);
        assertEquals(5, ByteBuffer.wrap(sent).getInt());
        ByteBuffer body = transport.sentFrames(7).get(0).body();
        byte[] bodyBytes = new byte[body.remaining()];
        body.get(bodyBytes);
        assertArrayEquals("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), bodyBytes);
    }

    @Test
    void rejectsFramesWithWrongSizePrefix() {
        FakeTransport transport = new FakeTransport();
        ByteBuffer[] bad = {ByteBuffer.allocate(4).putInt(0, 3), ByteBuffer.allocate(2)};
        assertThrows(IllegalArgumentException.class, () -> transport.send(1, bad, "t"));
    }

    @Test
    void sendsCompleteOnlyWhileConnectedAndFailuresReturnUnwrittenTokens() {
        FakeTransport transport = new FakeTransport();
        RecordingListener listener = new RecordingListener();
        transport.connect(1, "b1", 9092);
        transport.send(1, frame("x"), "x");
        transport.completeSends(1); // still connecting: nothing is written
        transport.poll(0, listener);
        assertTrue(listener.completedTokens.isEmpty());

        transport.failConnection(1, new IOException("boom"));
        transport.poll(0, listener);
        assertEquals(1, listener.disconnects.size());
        assertEquals(List.of("x"), listener.disconnects.get(0).unsentTokens());
        assertEquals("boom", listener.disconnects.get(0).cause().getMessage());
        assertFalse(transport.isConnecting(1));
    }

    @Test
    void disconnectAndSendWithoutConnectionHandTokensBackInTheNextPoll() {
        FakeTransport transport = new FakeTransport().autoConnect(true);
        RecordingListener listener = new RecordingListener();
        transport.connect(1, "b1", 9092);
        transport.poll(0, listener);
        transport.send(1, frame("a"), "a");
        transport.disconnect(1);
        transport.send(2, frame("b"), "b");
        assertTrue(listener.disconnects.isEmpty());

        transport.poll(0, listener);
        assertEquals(List.of("connected 1", "disconnect 1 [a]", "disconnect 2 [b]"), listener.log);
        assertEquals(List.of(1), transport.disconnectCalls());
    }

    @Test
    void autoModesAndResponderServeRequestsInOnePoll() {
        FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
        transport.setResponder((node, request) -> request.remaining() == 1 ? null : ByteBuffer.wrap(new byte[] {42}));
        List<Long> clock = new ArrayList<>();
        transport.onEachPoll(clock::add);
        RecordingListener listener = new RecordingListener();
        transport.connect(1, "b1", 9092);
        transport.poll(5, listener);
        transport.send(1, frame("req"), "r");
        transport.send(1, frame("z"), "z"); // one-byte request: no response, like acks=0
        transport.poll(7, listener);
        assertEquals(List.of("connected 1", "complete 1 r", "receive 1 1B", "complete 1 z"), listener.log);
        assertEquals(List.of(5L, 7L), clock);
    }

    @Test
    void actionsScriptedByCallbacksWaitForTheFollowingPoll() {
        FakeTransport transport = new FakeTransport();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onConnected(int nodeId) {
                super.onConnected(nodeId);
                transport.send(nodeId, frame("hi"), "hi");
                transport.completeSends(nodeId);
            }
        };
        transport.connect(3, "b3", 1);
        transport.completeConnect(3);
        transport.poll(0, listener);
        assertEquals(List.of("connected 3"), listener.log);
        transport.poll(0, listener);
        assertEquals(List.of("connected 3", "complete 3 hi"), listener.log);
        assertEquals(0, transport.pendingActions());
    }
}
