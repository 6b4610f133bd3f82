package dev.vltava.producer.testkit.mock;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mock broker node: a server socket on 127.0.0.1 (free port) and a thread per connection that reads one request
 * at a time (like a broker, which does not read the next request of a connection before answering the previous),
 * asks the {@link MockBroker} what to do, and performs it: answer, delay, drop, half-write, garbage or stall.
 */
final class MockNode implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
    private static final int GARBAGE_FRAME_BYTES = 24;

    final int id;
    private final MockBroker broker;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;
    /** Opens when the node closes (releases connections that stopped reading). */
    private final CountDownLatch closing = new CountDownLatch(1);

    MockNode(int id, MockBroker broker) throws IOException {
        this.id = id;
        this.broker = broker;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "mock-broker-" + id + "-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connectionsAccepted() {
        return accepted.get();
    }

    /** Closes every open client connection (the node keeps accepting new ones). */
    void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "mock-broker-" + id + "-conn-" + accepted.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    broker.log("node " + id + " accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            while (!closed) {
                int size = in.readInt();
                if (size < 0 || size > MAX_FRAME_BYTES) {
                    broker.log("node " + id + ": bad frame size " + size + ", closing");
                    return;
                }
                byte[] frame = new byte[size];
                in.readFully(frame);
                MockBroker.Reply reply = broker.handle(id, ByteBuffer.wrap(frame), nextRequestApiKey(in));
                if (!perform(reply, in, out)) {
                    return;
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException e) {
            if (!closed) {
                broker.log("node " + id + " connection ended: " + e);
            }
        } finally {
            sockets.remove(s);
        }
    }

    /**
     * The API key of the next request if the client has already sent its header (it then has more than one request
     * in flight on this connection: it did not wait for the answer to the one just read), or -1. Peeks only.
     */
    private static short nextRequestApiKey(DataInputStream in) throws IOException {
        if (in.available() < Integer.BYTES + Short.BYTES) {
            return -1;
        }
        in.mark(Integer.BYTES + Short.BYTES);
        in.readInt(); // size
        short apiKey = in.readShort();
        in.reset();
        return apiKey;
    }

    /** Does what the reply says; false when the connection must end. */
    private boolean perform(MockBroker.Reply reply, InputStream in, OutputStream out) throws IOException {
        switch (reply.action()) {
            case DROP_BEFORE, DROP_AFTER -> {
                return false;
            }
            case STALL, STALL_AFTER -> {
                drainUntilClosed(in);
                return false;
            }
            case STALL_UNREAD -> {
                awaitClose(); // reads nothing more: the client's writes back up
                return false;
            }
            case HALF_RESPONSE -> {
                byte[] whole = framed(reply.response());
                out.write(whole, 0, Math.max(5, whole.length / 2));
                out.flush();
                return false;
            }
            case GARBAGE -> {
                byte[] junk = new byte[4 + GARBAGE_FRAME_BYTES];
                ThreadLocalRandom.current().nextBytes(junk);
                ByteBuffer.wrap(junk).putInt(0, GARBAGE_FRAME_BYTES);
                out.write(junk);
                out.flush();
                return true;
            }
            case DELAY -> sleep(reply.delayMs());
            default -> {
            }
        }
        if (reply.response() != null) {
            out.write(framed(reply.response()));
            out.flush();
        }
        return true;
    }

    private static byte[] framed(ByteBuffer body) {
        byte[] out = new byte[4 + body.remaining()];
        ByteBuffer.wrap(out).putInt(body.remaining()).put(body.duplicate());
        return out;
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
            // keep the connection open and unanswered until the client gives up
        }
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropConnections();
    }
}
