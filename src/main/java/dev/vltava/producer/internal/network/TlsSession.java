package dev.vltava.producer.internal.network;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One connection's TLS: its client {@link SSLEngine} and its two record buffers from the {@link TlsBufferPool}, driven
 * without blocking by the polling thread. Delegated tasks (certificate checks, key exchange) run inline on that thread:
 * no extra thread, and the transport never waits for one.
 *
 * <p>Buffers (heap buffers: see {@link TlsBufferPool} for why), both kept in write mode: {@code netIn} holds bytes read from the socket and not yet unwrapped (a partial
 * record stays there until the rest arrives); {@code netOut} holds wrapped records not yet written to the socket.
 * Application bytes are unwrapped straight into the caller's buffer (the transport's shared read buffer) and wrapped
 * straight from the caller's frame buffers: no copy of the data outside the engine.
 */
final class TlsSession {

    /** What the handshake waits for after {@link #handshake}: nothing (done), the socket to be readable or writable. */
    enum Step {
        DONE, NEED_READ, NEED_WRITE
    }

    /** Why {@link #unwrap} returned. */
    enum Unwrapped {
        /** Every whole record in netIn is unwrapped; more must be read from the socket. */
        NEED_INPUT,
        /** The output buffer has no room for another record: deliver it and call again. */
        OUTPUT_FULL,
        /** The peer closed the TLS session (close_notify). */
        CLOSED
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final TlsBufferPool readPool;
    private final TlsBufferPool writePool;
    private final int packetBytes;
    private final int applicationBytes;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private boolean handshakeDone;
    private boolean applicationDataReceived;

    TlsSession(SSLEngine engine, TlsBufferPool readPool, TlsBufferPool writePool) {
        this.engine = engine;
        this.readPool = readPool;
        this.writePool = writePool;
        this.packetBytes = engine.getSession().getPacketBufferSize();
        this.applicationBytes = engine.getSession().getApplicationBufferSize();
        this.netIn = readPool.acquire(packetBytes);
        this.netOut = writePool.acquire(packetBytes);
    }

    /** Starts the handshake: the first {@link #handshake} call sends the ClientHello. */
    void begin() throws SSLException {
        engine.beginHandshake();
    }

    /** Largest plaintext one record can carry: an output buffer needs this much room for {@link #unwrap}. */
    int applicationBytes() {
        return applicationBytes;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    /** True once the peer sent application data (in TLS 1.3 a broker may refuse our certificate only after that). */
    boolean applicationDataReceived() {
        return applicationDataReceived;
    }

    /**
     * Drives the handshake as far as the socket allows. The scratch buffer receives no application data during a
     * handshake; it is only the unwrap target.
     *
     * @throws SSLException the handshake failed (the engine's own exception)
     * @throws EOFException the peer closed the connection during the handshake
     */
    Step handshake(SocketChannel channel, ByteBuffer scratch) throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> runDelegatedTasks();
                case NEED_WRAP -> {
                    if (netOut.remaining() < packetBytes && !flushAll(channel)) {
                        return Step.NEED_WRITE;
                    }
                    SSLEngineResult result = engine.wrap(EMPTY, netOut);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        flushAll(channel); // the engine's alert, if any, so the peer learns why
                        throw new SSLException("the TLS engine closed during the handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!flushAll(channel)) {
                        return Step.NEED_WRITE; // the peer answers only what it has received
                    }
                    scratch.clear();
                    netIn.flip();
                    SSLEngineResult result;
                    try {
                        result = engine.unwrap(netIn, scratch);
                    } finally {
                        netIn.compact();
                    }
                    if (result.bytesProduced() > 0) {
                        throw new SSLException("the peer sent application data before the handshake finished");
                    }
                    switch (result.getStatus()) {
                        case BUFFER_UNDERFLOW -> {
                            int n = read(channel);
                            if (n < 0) {
                                throw new EOFException("the peer closed the connection during the TLS handshake");
                            }
                            if (n == 0) {
                                return Step.NEED_READ;
                            }
                        }
                        case CLOSED -> throw new EOFException("the peer closed the TLS session during the handshake");
                        case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the read buffer");
                        case OK -> {
                        }
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    if (!flushAll(channel)) {
                        return Step.NEED_WRITE; // our last handshake message must reach the peer first
                    }
                    handshakeDone = true;
                    return Step.DONE;
                }
            }
        }
    }

    /** Reads from the socket into netIn; the byte count, or -1 at end of stream. */
    int read(SocketChannel channel) throws IOException {
        return channel.read(netIn);
    }

    /** True if netIn is full: the socket may hold more than one read took. */
    boolean inputFull() {
        return !netIn.hasRemaining();
    }

    /** True if bytes read from the socket wait to be unwrapped (e.g. records that came with the handshake's last). */
    boolean hasBufferedInput() {
        return netIn.position() > 0;
    }

    /**
     * Unwraps whole records from netIn into out (in write mode) while out has room for one more record. Handles what
     * the peer may send after the handshake (TLS 1.3 session tickets, key updates) on the way.
     */
    Unwrapped unwrap(ByteBuffer out) throws SSLException {
        netIn.flip();
        try {
            while (true) {
                if (!netIn.hasRemaining()) {
                    return Unwrapped.NEED_INPUT;
                }
                if (out.remaining() < applicationBytes) {
                    return Unwrapped.OUTPUT_FULL;
                }
                SSLEngineResult result = engine.unwrap(netIn, out);
                if (result.bytesProduced() > 0) {
                    applicationDataReceived = true;
                }
                switch (result.getStatus()) {
                    case OK -> afterPostHandshakeMessage(result.getHandshakeStatus());
                    case BUFFER_UNDERFLOW -> {
                        if (netIn.position() == 0 && netIn.limit() == netIn.capacity()) {
                            growInput(); // a record larger than netIn (not with the pool's size; kept for safety)
                        }
                        return Unwrapped.NEED_INPUT;
                    }
                    case BUFFER_OVERFLOW -> {
                        return Unwrapped.OUTPUT_FULL;
                    }
                    case CLOSED -> {
                        return Unwrapped.CLOSED;
                    }
                }
            }
        } finally {
            netIn.compact();
        }
    }

    /**
     * Wraps application bytes from srcs into netOut (their positions move by what was consumed) until netOut has no
     * room for another record or srcs are empty. Returns the bytes consumed. Each engine call takes what it can from all
     * of srcs, so records are full (the JDK's 16 KiB less tag and type) except the last of srcs: every record costs the
     * cipher a fixed setup (new nonce, key schedule, tag) of the order of a 4-8 KiB record's bytes.
     */
    long wrap(ByteBuffer[] srcs, int offset, int length) throws SSLException {
        long consumed = 0;
        while (netOut.remaining() >= packetBytes) {
            SSLEngineResult result = engine.wrap(srcs, offset, length, netOut);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS session is closed");
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                break; // flush first
            }
            afterPostHandshakeMessage(result.getHandshakeStatus());
            consumed += result.bytesConsumed();
            if (result.bytesConsumed() == 0) {
                break; // sources empty, or the engine wants to unwrap first (a key update): try again later
            }
        }
        return consumed;
    }

    /** True if wrapped bytes wait to be written to the socket. */
    boolean hasPendingOutput() {
        return netOut.position() > 0;
    }

    /** Writes what netOut holds; true if all of it was written. */
    boolean flushAll(SocketChannel channel) throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
            return !netOut.hasRemaining();
        } finally {
            netOut.compact();
        }
    }

    /**
     * Best effort, never blocking: sends what the engine still has to say (close_notify after {@code closeOutbound},
     * or the alert of a failed handshake) with one write. Errors are ignored: the connection is being closed anyway.
     */
    void sendClosingRecords(SocketChannel channel, boolean closeNotify) {
        try {
            if (closeNotify) {
                engine.closeOutbound();
            }
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                    && netOut.remaining() >= packetBytes; i++) {
                if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            flushAll(channel);
        } catch (IOException | RuntimeException ignored) {
            // closing: nothing to do about it
        }
    }

    /** Gives the record buffers back to the pool; the session is unusable afterwards. Idempotent. */
    void release() {
        readPool.release(netIn);
        writePool.release(netOut);
        netIn = null;
        netOut = null;
    }

    /** After a record in either direction: the peer may have started a post-handshake exchange. */
    private void afterPostHandshakeMessage(HandshakeStatus status) {
        if (status == HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
        }
        // NEED_WRAP (a key update answer) is produced by the next wrap of application data or of closing records.
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** netIn (in read mode, full of one partial record) moves into a buffer twice as large, left in read mode. */
    private void growInput() {
        ByteBuffer bigger = readPool.acquire(netIn.capacity() * 2);
        bigger.put(netIn);
        readPool.release(netIn);
        netIn = bigger.flip();
    }
}
