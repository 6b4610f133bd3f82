package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTransportTest {

    private static final int NODE = 1;
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void connectsSendsAndReceives() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        assertTrue(transport.isConnected(NODE));
        assertFalse(transport.isConnecting(NODE));
        assertEquals(List.of("connected 1"), listener.log);

        ByteBuffer[] frame = frame("ping");
        int[] positionsBefore = {frame[0].position(), frame[1].position()};
        transport.send(NODE, frame, "t1");
        pollUntil(transport, () -> listener.completedTokens.contains("t1"));
        assertArrayEquals(LoopbackPeer.frameBytes(bytes("ping")), peer.readFully(8));
        assertEquals(positionsBefore[0], frame[0].position(), "caller's buffers are not moved");
        assertEquals(positionsBefore[1], frame[1].position());

        peer.write(LoopbackPeer.frameBytes(bytes("pong!")));
        pollUntil(transport, () -> !listener.received.isEmpty());
        ByteBuffer received = listener.received.get(0).frame();
        assertEquals(0, received.position());
        assertEquals(5, received.limit());
        assertEquals("pong!", StandardCharsets.UTF_8.decode(received.duplicate()).toString());
    }

    @Test
    void largeMultiBufferFrameIsWrittenInPartsWhileThePeerIsSlow() throws Exception {
        NioTransport transport = transport(4096, 4096, MAX_FRAME);
        LoopbackPeer peer = peer(4096);
        connect(transport, peer);

        Random random = new Random(7);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] body = randomBytes(random, random.nextInt(100));
            sendAndRemember(transport, split(body, random, 3), "small-" + i, tokens, expected, body);
        }
        byte[] big = randomBytes(random, 3 * 1024 * 1024 + 17); // > 1 MiB, in several buffers
        sendAndRemember(transport, split(big, random, 6), "big", tokens, expected, big);
        for (int i = 0; i < 300; i++) {
            byte[] body = randomBytes(random, random.nextInt(100));
            sendAndRemember(transport, split(body, random, 2), "tail-" + i, tokens, expected, body);
        }

        // The peer does not read yet: 3 MiB cannot fit in the socket buffers, so the big frame stays partly written.
        for (int i = 0; i < 5; i++) {
            transport.poll(10, listener);
        }
        assertFalse(listener.completedTokens.contains("big"), "the big frame cannot be fully written yet");

        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return peer.readFully(expected.size());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        pollUntil(transport, () -> listener.completedTokens.size() == tokens.size());
        assertArrayEquals(expected.toByteArray(), read.get());
        assertEquals(tokens, listener.completedTokens, "completed once each, in send order");
    }

    @Test
    void deliversManyFramesFromOneReadAndFramesLargerThanTheReadBuffer() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);

        Random random = new Random(11);
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            int size = i == 250 ? NioTransport.READ_BUFFER_BYTES * 3 + 5 : i % 50 == 0 ? 0 : random.nextInt(200);
            byte[] body = randomBytes(random, size);
            bodies.add(body);
            stream.writeBytes(LoopbackPeer.frameBytes(body));
        }
        peer.write(stream.toByteArray());
        pollUntil(transport, () -> listener.received.size() == bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertArrayEquals(bodies.get(i), listener.received.get(i).bytes(), "frame " + i);
            assertTrue(i == 0 || listener.received.get(i).frame() != listener.received.get(i - 1).frame(),
                    "a fresh buffer per frame");
        }
    }

    @Test
    void reassemblesFramesSplitAtEveryByte() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(LoopbackPeer.frameBytes(bytes("first frame")));
        stream.writeBytes(LoopbackPeer.frameBytes(new byte[0]));
        stream.writeBytes(LoopbackPeer.frameBytes(bytes("third")));
        byte[] all = stream.toByteArray();
        for (int i = 0; i < all.length; i++) {
            peer.write(new byte[] {all[i]});
            transport.poll(10_000, listener); // returns once the byte is readable, having read it: one byte per read
        }
        pollUntil(transport, () -> listener.received.size() == 3);
        assertEquals(3, listener.received.size());
        assertArrayEquals(bytes("first frame"), listener.received.get(0).bytes());
        assertEquals(0, listener.received.get(1).frame().capacity());
        assertArrayEquals(bytes("third"), listener.received.get(2).bytes());
    }

    @Test
    void reportsPeerClose() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        peer.closeAccepted();
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        RecordingListener.Disconnect disconnect = listener.disconnects.get(0);
        assertEquals(NODE, disconnect.nodeId());
        assertInstanceOf(EOFException.class, disconnect.cause());
        assertTrue(disconnect.cause().getMessage().contains("peer closed the connection"), disconnect.cause().getMessage());
        assertTrue(disconnect.cause().getMessage().startsWith("node 1 (127.0.0.1:"), disconnect.cause().getMessage());
        assertEquals(List.of(), disconnect.unsentTokens());
        assertFalse(transport.isConnected(NODE));
        assertEquals(0, transport.connectionCount());
    }

    @Test
    void reportsRefusedConnectAndUnresolvableHost() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        transport.connect(-1, "127.0.0.1", LoopbackPeer.closedPort());
        transport.connect(-2, "no-such-host.invalid", 9092);
        pollUntil(transport, () -> listener.disconnects.size() == 2);

        RecordingListener.Disconnect unresolved = listener.disconnects.get(0); // known inside connect(): reported first
        assertEquals(-2, unresolved.nodeId());
        assertInstanceOf(UnknownHostException.class, unresolved.cause());
        assertTrue(unresolved.cause().getMessage().contains("cannot resolve host 'no-such-host.invalid'"),
                unresolved.cause().getMessage());

        RecordingListener.Disconnect refused = listener.disconnects.get(1);
        assertEquals(-1, refused.nodeId());
        assertInstanceOf(ConnectException.class, refused.cause());
        assertTrue(refused.cause().getMessage().contains("Connection refused"), refused.cause().getMessage());
        assertFalse(transport.isConnecting(-1));
        assertTrue(listener.connected.isEmpty());
    }

    @Test
    void closesOnOversizedFrameSizeWithoutAllocatingIt() throws Exception {
        NioTransport transport = transport(-1, -1, 1024);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        peer.write(ByteBuffer.allocate(8).putInt(1_234_567_890).array());
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        String message = listener.disconnects.get(0).cause().getMessage();
        assertTrue(message.contains("frame size 1234567890 exceeds limit 1024"), message);
        assertTrue(message.contains("garbage"), message);
        assertTrue(listener.received.isEmpty());
    }

    @Test
    void closesOnNegativeFrameSize() throws Exception {
        NioTransport transport = transport(-1, -1, 1024);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        peer.write(LoopbackPeer.frameBytes(bytes("fine")));
        peer.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE});
        pollUntil(transport, () -> !listener.disconnects.isEmpty());
        assertEquals(1, listener.received.size(), "frames before the garbage are delivered");
        String message = listener.disconnects.get(0).cause().getMessage();
        assertTrue(message.contains("negative frame size -2"), message);
    }

    @Test
    void wakeupReturnsABlockedPollFromAnotherThread() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        CountDownLatch polled = new CountDownLatch(1);
        Thread poller = new Thread(() -> {
            transport.poll(TimeUnit.MINUTES.toMillis(10), listener);
            polled.countDown();
        });
        poller.start();
        transport.wakeup(); // before or during the select: either way the poll returns
        assertTrue(polled.await(30, TimeUnit.SECONDS), "poll returned after wakeup()");
        poller.join();
    }

    @Test
    void disconnectReportsUnsentTokensInTheNextPoll() throws Exception {
        NioTransport transport = transport(4096, 4096, MAX_FRAME);
        LoopbackPeer peer = peer(4096);
        connect(transport, peer);
        transport.send(NODE, frame(new byte[2 * 1024 * 1024]), "big");
        transport.send(NODE, frame("after-1"), "after-1");
        transport.send(NODE, frame("after-2"), "after-2");
        for (int i = 0; i < 3; i++) {
            transport.poll(10, listener); // the peer does not read: "big" is only partly written
        }
        assertTrue(listener.completedTokens.isEmpty());

        transport.disconnect(NODE);
        assertFalse(transport.isConnected(NODE));
        assertFalse(transport.isConnecting(NODE));
        assertTrue(listener.disconnects.isEmpty(), "reported in poll, not inside disconnect()");
        transport.poll(0, listener);
        assertEquals(1, listener.disconnects.size());
        assertEquals(List.of("big", "after-1", "after-2"), listener.disconnects.get(0).unsentTokens());
        assertTrue(listener.disconnects.get(0).cause().getMessage().contains("disconnected by the client"));
    }

    @Test
    void sendWithoutConnectionHandsTheTokenBack() {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        transport.send(9, frame("x"), "lost");
        transport.poll(0, listener);
        assertEquals(List.of("disconnect 9 [lost]"), listener.log);
    }

    @Test
    void framesQueuedWhileConnectingAreWrittenAfterConnect() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        transport.connect(NODE, "127.0.0.1", peer.port());
        transport.send(NODE, frame("early"), "early");
        peer.accept();
        pollUntil(transport, () -> listener.completedTokens.contains("early"));
        assertArrayEquals(LoopbackPeer.frameBytes(bytes("early")), peer.readFully(9));
        assertEquals("connected 1", listener.log.get(0));
    }

    @Test
    void listenerMayDisconnectFromInsideACallback() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        RecordingListener disconnecting = new RecordingListener() {
            @Override
            public void onReceive(int nodeId, ByteBuffer frame) {
                super.onReceive(nodeId, frame);
                transportHolder[0].disconnect(nodeId);
            }
        };
        transportHolder[0] = transport;
        LoopbackPeer peer = peer(-1);
        transport.connect(NODE, "127.0.0.1", peer.port());
        peer.accept();
        pollUntil(transport, disconnecting, () -> transport.isConnected(NODE));
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(LoopbackPeer.frameBytes(bytes("one")));
        two.writeBytes(LoopbackPeer.frameBytes(bytes("two")));
        peer.write(two.toByteArray());
        pollUntil(transport, disconnecting, () -> !disconnecting.disconnects.isEmpty());
        assertEquals(List.of("connected 1", "receive 1 3B", "disconnect 1 []"), disconnecting.log,
                "the second frame is not delivered after the disconnect; the disconnect comes at the end of that poll");
    }

    private final Transport[] transportHolder = new Transport[1];

    @Test
    void rejectsASecondConnectAndBadFrames() throws Exception {
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        assertThrows(IllegalStateException.class, () -> transport.connect(NODE, "127.0.0.1", 1));
        ByteBuffer[] lying = {ByteBuffer.allocate(4).putInt(0, 100), ByteBuffer.allocate(10)};
        assertThrows(IllegalArgumentException.class, () -> transport.send(NODE, lying, "x"));
        transport.close();
        assertThrows(IllegalStateException.class, () -> transport.poll(0, listener));
        assertFalse(transport.isConnected(NODE));
    }

    @Test
    void idlePollsAllocateNothing() throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        NioTransport transport = transport(-1, -1, MAX_FRAME);
        LoopbackPeer peer = peer(-1);
        connect(transport, peer);
        int polls = 50_000;
        for (int i = 0; i < polls; i++) {
            transport.poll(0, listener); // warm up
        }
        long threadId = Thread.currentThread().getId();
        long before = allocation.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < polls; i++) {
            transport.poll(0, listener);
        }
        long perPoll = (allocation.getThreadAllocatedBytes(threadId) - before) / polls;
        // An iterator or event object per poll would be >= 16 bytes each time.
        assertTrue(perPoll < 16, "bytes allocated per idle poll: " + perPoll);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private NioTransport transport(int sendBufferBytes, int receiveBufferBytes, int maxFrameBytes) {
        NioTransport transport = new NioTransport(sendBufferBytes, receiveBufferBytes, maxFrameBytes);
        toClose.add(transport);
        return transport;
    }

    private LoopbackPeer peer(int receiveBufferBytes) throws IOException {
        LoopbackPeer peer = LoopbackPeer.listen(receiveBufferBytes);
        toClose.add(peer);
        return peer;
    }

    private void connect(NioTransport transport, LoopbackPeer peer) throws IOException {
        transport.connect(NODE, "127.0.0.1", peer.port());
        peer.accept();
        pollUntil(transport, () -> transport.isConnected(NODE));
    }

    private void pollUntil(Transport transport, BooleanSupplier done) {
        pollUntil(transport, listener, done);
    }

    /** Polls until done; the deadline only keeps a broken test from hanging, it asserts nothing about speed. */
    static void pollUntil(Transport transport, TransportListener listener, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached after 30 s of polling");
            }
            transport.poll(20, listener);
        }
    }

    private static void sendAndRemember(Transport transport, ByteBuffer[] frame, String token, List<Object> tokens,
            ByteArrayOutputStream expected, byte[] body) {
        transport.send(NODE, frame, token);
        tokens.add(token);
        expected.writeBytes(LoopbackPeer.frameBytes(body));
    }

    static ByteBuffer[] frame(String body) {
        return frame(bytes(body));
    }

    static ByteBuffer[] frame(byte[] body) {
        return new ByteBuffer[] {ByteBuffer.allocate(4).putInt(0, body.length), ByteBuffer.wrap(body)};
    }

    /** The frame as size prefix + body cut into up to maxPieces buffers, each a slice of a larger array. */
    static ByteBuffer[] split(byte[] body, Random random, int maxPieces) {
        int pieces = 1 + random.nextInt(maxPieces);
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(ByteBuffer.allocate(4).putInt(0, body.length));
        int offset = 0;
        for (int p = 0; p < pieces; p++) {
            int end = p == pieces - 1 ? body.length : offset + random.nextInt(body.length - offset + 1);
            // pad the array so position/limit are not 0/capacity: the transport must respect both
            byte[] padded = new byte[end - offset + 6];
            System.arraycopy(body, offset, padded, 3, end - offset);
            buffers.add(ByteBuffer.wrap(padded, 3, end - offset));
            offset = end;
        }
        return buffers.toArray(new ByteBuffer[0]);
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
