package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A scriptable, single-threaded {@link Transport} for unit tests of the sender: no sockets, no threads, no sleeps.
 *
 * <p>Everything a test scripts (completing connects, delivering responses, completing sends, failing connections)
 * is queued and happens inside the next {@link #poll} call, in the order it was scripted, on the polling thread, exactly
 * like real I/O events. Actions scripted from inside a listener callback run in the poll after. poll never blocks;
 * {@link #onEachPoll} lets a test advance a fake clock by the requested timeout.
 *
 * <p>Semantics match {@link NioTransport}: connect twice throws; send to a node without a connection hands the token back
 * through onDisconnected in the next poll; frames are only "written" (onSendComplete) while connected; disconnect()
 * reports the frames not yet completed in the next poll; every token comes back exactly once (unless closed).
 *
 * <p>Typical use:
 * <pre>{@code
 * FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
 * transport.setResponder((node, request) -> responseFor(request));   // or transport.deliver(node, bytes) by hand
 * sender.runOnce(now);                                                 // polls the transport
 * byte[] request = transport.sentFrames(1).get(0).bytes();             // size prefix included
 * }</pre>
 */
public final class FakeTransport implements Transport {
    private RuntimeException nextSendFailure;
    private short nextSendFailureApiKey;

    /** Builds the response frame body for a request frame body (both without size prefix); null = no response. */
    @FunctionalInterface
    public interface Responder {
        ByteBuffer respond(int nodeId, ByteBuffer requestBody);
    }

    /** One frame given to {@link #send}, copied at send time. */
    public static final class SentFrame {
        private final int nodeId;
        private final byte[] bytes;
        private final Object token;
        private boolean completed;

        SentFrame(int nodeId, byte[] bytes, Object token) {
            this.nodeId = nodeId;
            this.bytes = bytes;
            this.token = token;
        }

        public int nodeId() {
            return nodeId;
        }

        /** The whole frame as sent, 4-byte size prefix included (a copy). */
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The frame body without the size prefix, as a fresh read-only buffer at position 0. */
        public ByteBuffer body() {
            return ByteBuffer.wrap(bytes, Frames.SIZE_PREFIX_BYTES, bytes.length - Frames.SIZE_PREFIX_BYTES)
                    .slice().asReadOnlyBuffer();
        }

        public Object token() {
            return token;
        }

        /** onSendComplete was reported for it. */
        public boolean completed() {
            return completed;
        }
    }

    private static final class Node {
        final String host;
        final int port;
        boolean connected;
        /** Frames sent but not completed, in send order. */
        final ArrayDeque<SentFrame> unwritten = new ArrayDeque<>();

        Node(String host, int port) {
            this.host = host;
            this.port = port;
        }
    }

    private final Map<Integer, Node> nodes = new LinkedHashMap<>();
    private final ArrayDeque<Consumer<TransportListener>> actions = new ArrayDeque<>();
    private final List<SentFrame> allSent = new ArrayList<>();
    private final List<String> connectCalls = new ArrayList<>();
    private final List<Integer> disconnectCalls = new ArrayList<>();
    private final List<Long> pollTimeouts = new ArrayList<>();
    private boolean autoConnect;
    private boolean autoCompleteSends;
    private Responder responder;
    private LongConsumer pollHook = timeoutMs -> { };
    private int wakeups;
    private boolean closed;

    // ----- configuration -------------------------------------------------------------------------------------------

    /** If true, every connect() succeeds in the next poll (default false: the test calls {@link #completeConnect}). */
    public FakeTransport autoConnect(boolean enabled) {
        this.autoConnect = enabled;
        return this;
    }

    /** If true, every frame sent while connected is completed in the next poll (default false). */
    public FakeTransport autoCompleteSends(boolean enabled) {
        this.autoCompleteSends = enabled;
        return this;
    }

    /** Called right after a frame's onSendComplete (same poll); a non-null result is delivered via onReceive at once. */
    public void setResponder(Responder responder) {
        this.responder = responder;
    }

    /** Called at the start of every poll with its timeoutMs (e.g. to advance a fake clock). */
    public void onEachPoll(LongConsumer hook) {
        this.pollHook = hook;
    }

    // ----- scripting: each takes effect inside the next poll -------------------------------------------------------

    /** onConnected for nodeId (skipped if it is no longer connecting then). */
    public void completeConnect(int nodeId) {
        actions.add(listener -> {
            Node node = nodes.get(nodeId);
            if (node != null && !node.connected) {
                node.connected = true;
                listener.onConnected(nodeId);
            }
        });
    }

    /** The connect fails as refused (ConnectException). */
    public void refuseConnect(int nodeId) {
        failConnection(nodeId, new ConnectException("node " + nodeId + ": connect failed: Connection refused (fake)"));
    }

    /** The connection (connecting or connected) fails with cause; unwritten frames' tokens are reported. */
    public void failConnection(int nodeId, IOException cause) {
        actions.add(listener -> {
            Node node = nodes.remove(nodeId);
            if (node != null) {
                listener.onDisconnected(nodeId, cause, drainTokens(node));
            }
        });
    }

    /** Completes every frame sent to nodeId so far and not yet completed (only while connected). */
    public void completeSends(int nodeId) {
        actions.add(listener -> {
            Node node = nodes.get(nodeId);
            while (node != null && node.connected && !node.unwritten.isEmpty() && nodes.get(nodeId) == node) {
                completeOldest(nodeId, node, listener);
            }
        });
    }

    /** Completes the oldest frame sent to nodeId and not yet completed (only while connected). */
    public void completeNextSend(int nodeId) {
        actions.add(listener -> {
            Node node = nodes.get(nodeId);
            if (node != null && node.connected && !node.unwritten.isEmpty()) {
                completeOldest(nodeId, node, listener);
            }
        });
    }

    /** Delivers one received frame body (no size prefix) to onReceive (skipped if nodeId is not connected then). */
    public void deliver(int nodeId, byte[] frameBody) {
        byte[] copy = frameBody.clone();
        actions.add(listener -> {
            Node node = nodes.get(nodeId);
            if (node != null && node.connected) {
                listener.onReceive(nodeId, ByteBuffer.wrap(copy));
            }
        });
    }

    /** Delivers the remaining bytes of frameBody (copied now, its position untouched). */
    public void deliver(int nodeId, ByteBuffer frameBody) {
        byte[] copy = new byte[frameBody.remaining()];
        frameBody.duplicate().get(copy);
        deliver(nodeId, copy);
    }

    /** Runs anything against the listener inside the next poll (an escape hatch for odd scenarios). */
    public void runInNextPoll(Consumer<TransportListener> action) {
        actions.add(action);
    }

    // ----- inspection ----------------------------------------------------------------------------------------------

    /** Frames sent to nodeId (across its connections), in send order. */
    public List<SentFrame> sentFrames(int nodeId) {
        List<SentFrame> frames = new ArrayList<>();
        for (SentFrame frame : allSent) {
            if (frame.nodeId == nodeId) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** Every frame sent, in send order. */
    public List<SentFrame> allSent() {
        return List.copyOf(allSent);
    }

    /** Frames sent to nodeId that are not completed and still queued on its current connection. */
    public int unwrittenCount(int nodeId) {
        Node node = nodes.get(nodeId);
        return node == null ? 0 : node.unwritten.size();
    }

    /** "nodeId@host:port" per connect() call, in order. */
    public List<String> connectCalls() {
        return List.copyOf(connectCalls);
    }

    /** nodeId per disconnect() call, in order. */
    public List<Integer> disconnectCalls() {
        return List.copyOf(disconnectCalls);
    }

    /** timeoutMs of every poll, in order. */
    public List<Long> pollTimeouts() {
        return List.copyOf(pollTimeouts);
    }

    public int pollCount() {
        return pollTimeouts.size();
    }

    public int wakeupCount() {
        return wakeups;
    }

    /** Scripted actions not yet run. */
    public int pendingActions() {
        return actions.size();
    }

    public boolean isClosed() {
        return closed;
    }

    // ----- Transport -----------------------------------------------------------------------------------------------

    @Override
    public void connect(int nodeId, String host, int port) {
        ensureOpen();
        if (nodes.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " already has a connection; disconnect it first");
        }
        nodes.put(nodeId, new Node(host, port));
        connectCalls.add(nodeId + "@" + host + ":" + port);
        if (autoConnect) {
            completeConnect(nodeId);
        }
    }

    @Override
    public boolean isConnected(int nodeId) {
        Node node = nodes.get(nodeId);
        return node != null && node.connected;
    }

    @Override
    public boolean isConnecting(int nodeId) {
        Node node = nodes.get(nodeId);
        return node != null && !node.connected;
    }

    /**
     * The next {@link #send} of a request with this API key throws {@code e} instead of taking the frame (a
     * transport bug, an OutOfMemoryError).
     */
    public void failNextSend(short apiKey, RuntimeException e) {
        nextSendFailureApiKey = apiKey;
        nextSendFailure = e;
    }

    @Override
    public void send(int nodeId, ByteBuffer[] frame, Object token) {
        ensureOpen();
        RuntimeException failure = nextSendFailure;
        if (failure != null && ByteBuffer.wrap(concat(frame)).getShort(4) == nextSendFailureApiKey) {
            nextSendFailure = null;
            throw failure;
        }
        Frames.checkSizePrefix(frame);
        SentFrame sent = new SentFrame(nodeId, concat(frame), token);
        allSent.add(sent);
        Node node = nodes.get(nodeId);
        if (node == null) {
            actions.add(listener -> listener.onDisconnected(nodeId,
                    new IOException("node " + nodeId + ": not connected, cannot send"), new ArrayList<>(Arrays.asList(token))));
            return;
        }
        node.unwritten.add(sent);
        if (autoCompleteSends) {
            completeSends(nodeId);
        }
    }

    @Override
    public void poll(long timeoutMs, TransportListener listener) {
        ensureOpen();
        pollTimeouts.add(timeoutMs);
        pollHook.accept(timeoutMs);
        int scripted = actions.size(); // actions scripted by callbacks during this poll wait for the next one
        for (int i = 0; i < scripted; i++) {
            actions.pollFirst().accept(listener);
        }
    }

    @Override
    public void disconnect(int nodeId) {
        disconnectCalls.add(nodeId);
        Node node = nodes.remove(nodeId);
        if (node != null) {
            List<Object> tokens = drainTokens(node);
            actions.add(listener -> listener.onDisconnected(nodeId,
                    new IOException("node " + nodeId + " (" + node.host + ":" + node.port + "): disconnected by the client"),
                    tokens));
        }
    }

    @Override
    public void wakeup() {
        wakeups++;
    }

    @Override
    public void close() {
        closed = true;
        nodes.clear();
        actions.clear();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void completeOldest(int nodeId, Node node, TransportListener listener) {
        SentFrame frame = node.unwritten.pollFirst();
        frame.completed = true;
        listener.onSendComplete(nodeId, frame.token);
        if (responder != null && nodes.get(nodeId) == node && node.connected) {
            ByteBuffer response = responder.respond(nodeId, frame.body());
            if (response != null) {
                listener.onReceive(nodeId, response);
            }
        }
    }

    private static List<Object> drainTokens(Node node) {
        List<Object> tokens = new ArrayList<>(node.unwritten.size());
        for (SentFrame frame : node.unwritten) {
            tokens.add(frame.token);
        }
        node.unwritten.clear();
        return tokens;
    }

    private static byte[] concat(ByteBuffer[] frame) {
        int total = 0;
        for (ByteBuffer buffer : frame) {
            total += buffer.remaining();
        }
        byte[] bytes = new byte[total];
        int offset = 0;
        for (ByteBuffer buffer : frame) {
            int n = buffer.remaining();
            buffer.duplicate().get(bytes, offset, n);
            offset += n;
        }
        return bytes;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The transport is closed");
        }
    }
}
