package dev.vltava.producer.sim;

import dev.vltava.producer.internal.network.Transport;
import dev.vltava.producer.internal.network.TransportListener;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Transport} of the simulation: connections to the simulated brokers over virtual time, with latency,
 * in-order writes and responses per connection, and the network faults of {@link SimFaults}. Its {@link #poll} is
 * where the whole world moves: it runs the events due (network, brokers, application threads, completions, faults)
 * and advances the virtual clock, returning early on an I/O event or a wakeup, as a selector would.
 *
 * <p>Keeps the Transport contract: every token comes back exactly once (onSendComplete or the unsent list of
 * onDisconnected) unless the transport is closed first; listener calls happen only inside poll.
 */
final class SimNetwork implements Transport {
    /** What one turn of the sender loop costs, so that a loop that polls without waiting still moves time on. */
    private static final long POLL_COST_NS = 5_000;

    private final class Conn {
        final int nodeId;
        final int broker;
        final long latencyNs;
        boolean connected;
        boolean open = true;
        /** The broker will close it (after applying a request): no response comes on it any more. */
        boolean dying;
        final ArrayDeque<Object> unwritten = new ArrayDeque<>();
        /** Produce attempts on this connection whose end the client has not learnt yet. */
        final List<SimAttempts.Attempt> pending = new ArrayList<>();
        long writeFreeNs;
        long responseFreeNs;

        Conn(int nodeId, int broker, long latencyNs) {
            this.nodeId = nodeId;
            this.broker = broker;
            this.latencyNs = latencyNs;
        }
    }

    private final EventLoop loop;
    private final SimCluster cluster;
    private final SimRandom random;
    private final SimFaults faults;
    private final SimStats stats;
    private final SimRecords records;
    private final long requestTimeoutNs;
    private final Runnable onEachPoll;
    private final SimAttempts attempts;
    private final Map<Integer, Conn> conns = new HashMap<>();
    private TransportListener listener;
    private boolean closed;
    private boolean woken;
    private boolean delivered;
    long polls;

    SimNetwork(EventLoop loop, SimCluster cluster, SimRandom random, SimFaults faults, SimStats stats,
            SimRecords records, SimAttempts attempts, long requestTimeoutMs, Runnable onEachPoll) {
        this.attempts = attempts;
        this.loop = loop;
        this.cluster = cluster;
        this.random = random;
        this.faults = faults;
        this.stats = stats;
        this.records = records;
        this.requestTimeoutNs = requestTimeoutMs * 1_000_000;
        this.onEachPoll = onEachPoll;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void connect(int nodeId, String host, int port) {
        if (conns.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " already has a connection");
        }
        int broker = Integer.parseInt(host.substring(1));
        cluster.trace("connect node " + nodeId + " -> " + host);
        Conn c = new Conn(nodeId, broker, (long) (random.between(0.05, 1.0) * 1_000_000));
        conns.put(nodeId, c);
        boolean hangs = random.chance(0.5);
        loop.at(loop.nowNs() + c.latencyNs * 2, () -> {
            if (!c.open || closed) {
                return;
            }
            if (cluster.brokerUp[broker]) {
                c.connected = true;
                deliver(l -> l.onConnected(nodeId));
            } else if (!hangs) {
                breakConn(c, new ConnectException("node " + nodeId + " (" + host + ":" + port + "): connection "
                        + "refused (simulated broker down)"));
            } // else: no answer at all; the client's connection setup timeout ends it
        });
    }

    @Override
    public boolean isConnected(int nodeId) {
        Conn c = conns.get(nodeId);
        return c != null && c.connected;
    }

    @Override
    public boolean isConnecting(int nodeId) {
        Conn c = conns.get(nodeId);
        return c != null && !c.connected;
    }

    @Override
    public void send(int nodeId, ByteBuffer[] frame, Object token) {
        byte[] bytes = concat(frame);
        int size = ByteBuffer.wrap(bytes).getInt();
        if (size != bytes.length - 4) {
            throw new IllegalArgumentException("size prefix " + size + " but " + (bytes.length - 4) + " bytes follow");
        }
        Conn c = conns.get(nodeId);
        SimAttempts.Attempt attempt = attempts.sent(nodeId, bytes);
        if (c == null) {
            loop.now(() -> {
                attempts.learnt(attempt, false);
                deliver(l -> l.onDisconnected(nodeId, new IOException("node " + nodeId
                        + ": not connected, cannot send"), new ArrayList<>(List.of(token))));
            });
            return;
        }
        if (attempt != null) {
            c.pending.add(attempt);
        }
        c.unwritten.addLast(token);
        long writeAt = Math.max(loop.nowNs(), c.writeFreeNs) + 20_000 + bytes.length * 10L; // ~100 MB/s
        if (random.chance(faults.stalledWrite)) {
            stats.stalledWrites++;
            writeAt += requestTimeoutNs + (long) (random.between(1.0, 3_000.0) * 1_000_000);
        }
        c.writeFreeNs = writeAt;
        loop.at(writeAt, () -> write(c, token, ByteBuffer.wrap(bytes, 4, bytes.length - 4).slice(), attempt));
    }

    private void write(Conn c, Object token, ByteBuffer body, SimAttempts.Attempt attempt) {
        if (!c.open || closed || c.unwritten.peekFirst() != token) {
            return; // the connection ended meanwhile: the token was reported unsent
        }
        if (!c.connected) {
            // still connecting: written once connected
            loop.at(loop.nowNs() + c.latencyNs, () -> write(c, token, body, attempt));
            return;
        }
        if (random.chance(faults.disconnectBeforeWrite)) {
            stats.disconnectsBeforeWrite++;
            breakConn(c, new IOException("node " + c.nodeId + ": connection reset by peer (simulated, before the "
                    + "write)"));
            return;
        }
        if (random.chance(faults.partialWrite)) {
            stats.partialWrites++;
            // Half the frame reaches the socket, then the connection breaks: the broker discards a partial frame.
            breakConn(c, new IOException("node " + c.nodeId + ": broken pipe (simulated, after a partial write)"));
            return;
        }
        c.unwritten.pollFirst();
        deliver(l -> l.onSendComplete(c.nodeId, token));
        long arrival = loop.nowNs() + c.latencyNs;
        loop.at(arrival, () -> arrive(c, body, attempt));
    }

    /** The whole frame reached the broker: it is processed even if the connection has closed since. */
    private void arrive(Conn c, ByteBuffer body, SimAttempts.Attempt attempt) {
        if (!cluster.brokerUp[c.broker]) {
            return;
        }
        cluster.trace("request to broker " + c.broker + " api " + body.getShort(body.position()) + " node "
                + c.nodeId);
        SimCluster.Reply reply = cluster.handle(c.broker, body, attempt);
        if (reply.frame() == null) {
            return;
        }
        if (c.dying) {
            return; // applied, but the connection is closing: the response is lost
        }
        if (random.chance(faults.disconnectAfterWrite)) {
            stats.disconnectsAfterWrite++;
            c.dying = true; // responses are in order: none after this one's (lost) response
            loop.at(loop.nowNs() + 100_000, () -> {
                if (c.open && !closed) {
                    breakConn(c, new EOFException("node " + c.nodeId + ": connection closed by the peer "
                            + "(simulated, after the request was applied)"));
                }
            });
            return;
        }
        long delay;
        if (random.chance(faults.lateResponse)) {
            stats.lateResponses++;
            delay = requestTimeoutNs + (long) (random.between(1.0, 2_000.0) * 1_000_000);
        } else {
            delay = (long) (random.exp(random.chance(0.05) ? 20.0 : 0.5) * 1_000_000);
        }
        long at = Math.max(loop.nowNs() + delay, c.responseFreeNs);
        c.responseFreeNs = at;
        loop.at(at, () -> {
            if (c.open && !closed && !c.dying) {
                records.resolved(reply.resolvedOnDelivery());
                if (attempt != null) {
                    c.pending.remove(attempt);
                    attempts.learnt(attempt, true);
                }
                deliver(l -> l.onReceive(c.nodeId, reply.frame()));
            }
        });
    }

    /** The network or the broker ends a connection (inside poll): reported at once with its unsent tokens. */
    private void breakConn(Conn c, IOException cause) {
        c.open = false;
        conns.remove(c.nodeId, c);
        failPending(c);
        List<Object> unsent = new ArrayList<>(c.unwritten);
        c.unwritten.clear();
        deliver(l -> l.onDisconnected(c.nodeId, cause, unsent));
    }

    /** The connection ended: the client learns that each attempt still on it failed. */
    private void failPending(Conn c) {
        for (SimAttempts.Attempt a : c.pending) {
            attempts.learnt(a, false);
        }
        c.pending.clear();
    }

    /** A broker goes down: its connections break. */
    void brokerDown(int broker) {
        for (Conn c : new ArrayList<>(conns.values())) {
            if (c.broker == broker) {
                breakConn(c, new EOFException("node " + c.nodeId + ": connection closed (simulated broker "
                        + broker + " went down)"));
            }
        }
    }

    @Override
    public void poll(long timeoutMs, TransportListener l) {
        if (closed) {
            throw new IllegalStateException("The transport is closed");
        }
        polls++;
        this.listener = l;
        long now = loop.nowNs();
        long target = woken || timeoutMs <= 0 ? now : now + Math.min(timeoutMs, 1_000_000_000L) * 1_000_000;
        target = Math.max(target, now + POLL_COST_NS);
        woken = false;
        delivered = false;
        onEachPoll.run();
        while (!delivered && !woken) {
            if (!loop.runNext(target)) {
                loop.advanceTo(target);
                break;
            }
        }
        woken = false;
    }

    private void deliver(java.util.function.Consumer<TransportListener> event) {
        if (closed || listener == null) {
            return;
        }
        delivered = true;
        event.accept(listener);
    }

    @Override
    public void disconnect(int nodeId) {
        Conn c = conns.remove(nodeId);
        if (c == null) {
            return;
        }
        c.open = false;
        failPending(c); // the client fails their requests right after this call
        List<Object> unsent = new ArrayList<>(c.unwritten);
        c.unwritten.clear();
        loop.now(() -> deliver(l -> l.onDisconnected(nodeId, new IOException("node " + nodeId
                + ": disconnected by the client"), unsent)));
    }

    @Override
    public void wakeup() {
        woken = true;
    }

    @Override
    public void close() {
        closed = true;
        for (Conn c : conns.values()) {
            c.open = false;
        }
        conns.clear();
    }

    private static byte[] concat(ByteBuffer[] frame) {
        int total = 0;
        for (ByteBuffer b : frame) {
            total += b.remaining();
        }
        byte[] out = new byte[total];
        int off = 0;
        for (ByteBuffer b : frame) {
            int n = b.remaining();
            b.duplicate().get(out, off, n);
            off += n;
        }
        return out;
    }
}
