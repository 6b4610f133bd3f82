package dev.vltava.producer.internal.network;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * {@link Transport} over non-blocking {@link SocketChannel}s and one {@link Selector}, for one polling thread.
 *
 * <p>Writes: each connection keeps a queue of frames (views of the caller's buffers); when the socket is writable the
 * queued bytes of as many frames as fit are written with one gathering write, capped at {@link #maxBytesPerWrite}.
 * OP_WRITE interest is set only while bytes are pending. Reads: one direct read buffer shared by all connections (the
 * polling thread handles one connection at a time), cut into frames by each connection's {@link FrameReader}, each frame
 * copied into a fresh heap buffer that the listener owns. Reading through our own direct buffer also keeps NIO from
 * allocating a temporary direct buffer as large as a big frame.
 *
 * <p>Allocation on the hot path: per sent frame, the views of its buffers; per received frame, its buffer. Polling
 * itself uses {@link Selector#select(Consumer, long)} with a handler created once, so no selected-key set or iterator.
 *
 * <p>Events: connect completions, sends completed and frames received are reported as they happen inside poll;
 * disconnects (and connects that finished inside {@link #connect}) are queued and reported at the end of the same poll,
 * or in the next poll when they happened between polls. Host names are resolved inside {@link #connect}, on the calling
 * thread (blocking DNS, as in the Java client); every address of a name is tried in turn, one per connect attempt
 * ({@link NodeAddresses}: client.dns.lookup=use_all_dns_ips).
 *
 * <p>TLS (when constructed with a {@link TlsEngineFactory}): after the TCP connect, each connection runs its handshake
 * inside poll ({@link TlsSession}, no extra thread) and is reported connected only when it finished; a failed handshake
 * is reported as an {@link javax.net.ssl.SSLHandshakeException} naming the cause ({@link TlsFailures}). Frames are
 * wrapped straight from the caller's buffers and unwrapped into the shared read buffer; each TLS connection holds two
 * heap record buffers from two {@link TlsBufferPool}s (64 KiB in, 256 KiB out), given back when it closes. A frame's token comes back once its last
 * encrypted byte is written to the socket. The plaintext path is unchanged by all this.
 */
public final class NioTransport implements Transport {

    /** Bytes of the shared direct read buffer: one read syscall moves at most this much. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Reads per connection per poll before moving on, so one busy connection cannot starve the others. */
    static final int MAX_READS_PER_READY_KEY = 16;
    /** Buffers per gathering write (the kernel's IOV_MAX is 1024 on Linux). */
    static final int MAX_BUFFERS_PER_WRITE = 64;
    /** Least bytes per gathering write; more when the socket send buffer is configured larger. */
    static final int MIN_BYTES_PER_WRITE = 256 * 1024;
    /** TLS record buffers kept for reconnects, per pool (read, write): one of each per connection, for four. */
    static final int MAX_IDLE_TLS_BUFFERS = 4;

    private final int sendBufferBytes;
    private final int receiveBufferBytes;
    private final int maxReceiveFrameBytes;
    private final long maxBytesPerWrite;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final ByteBuffer[] writeVector = new ByteBuffer[MAX_BUFFERS_PER_WRITE];
    private final ConnectionTable connections = new ConnectionTable();
    private final NodeAddresses addresses;
    private final ArrayDeque<PendingEvent> pendingEvents = new ArrayDeque<>();
    private final Consumer<SelectionKey> readyKeyHandler = this::handleReadyKey;
    /** Null: plaintext connections. */
    private final TlsEngineFactory tlsEngines;
    private final TlsBufferPool tlsReadBuffers =
            new TlsBufferPool(TlsBufferPool.READ_BUFFER_BYTES, MAX_IDLE_TLS_BUFFERS);
    private final TlsBufferPool tlsWriteBuffers =
            new TlsBufferPool(TlsBufferPool.WRITE_BUFFER_BYTES, MAX_IDLE_TLS_BUFFERS);
    /** The listener of the poll in progress (read by readyKeyHandler), null between polls. */
    private TransportListener pollListener;
    private boolean closed;


    /**
     * @param sendBufferBytes      SO_SNDBUF, or -1 for the OS default (send.buffer.bytes)
     * @param receiveBufferBytes   SO_RCVBUF, or -1 for the OS default (receive.buffer.bytes)
     * @param maxReceiveFrameBytes the largest frame body accepted; a larger size prefix closes the connection
     */
    public NioTransport(int sendBufferBytes, int receiveBufferBytes, int maxReceiveFrameBytes) {
        this(sendBufferBytes, receiveBufferBytes, maxReceiveFrameBytes, null, HostResolver.system());
    }

    /** As {@link #NioTransport(int, int, int)}, resolving host names with {@code resolver}. */
    public NioTransport(int sendBufferBytes, int receiveBufferBytes, int maxReceiveFrameBytes, HostResolver resolver) {
        this(sendBufferBytes, receiveBufferBytes, maxReceiveFrameBytes, null, resolver);
    }

    /**
     * @param tlsEngines the engine of each connection's TLS; null for plaintext connections
     */
    public NioTransport(int sendBufferBytes, int receiveBufferBytes, int maxReceiveFrameBytes,
            TlsEngineFactory tlsEngines) {
        this(sendBufferBytes, receiveBufferBytes, maxReceiveFrameBytes, tlsEngines, HostResolver.system());
    }

    /**
     * @param tlsEngines the engine of each connection's TLS; null for plaintext connections
     * @param resolver   how host names become addresses (client.dns.lookup): {@link HostResolver#system()}
     */
    public NioTransport(int sendBufferBytes, int receiveBufferBytes, int maxReceiveFrameBytes,
            TlsEngineFactory tlsEngines, HostResolver resolver) {
        this.addresses = new NodeAddresses(Objects.requireNonNull(resolver, "resolver"));
        this.tlsEngines = tlsEngines;
        checkSocketBufferSize("sendBufferBytes", sendBufferBytes);
        checkSocketBufferSize("receiveBufferBytes", receiveBufferBytes);
        if (maxReceiveFrameBytes < 0) {
            throw new IllegalArgumentException("maxReceiveFrameBytes must not be negative: " + maxReceiveFrameBytes);
        }
        this.sendBufferBytes = sendBufferBytes;
        this.receiveBufferBytes = receiveBufferBytes;
        this.maxReceiveFrameBytes = maxReceiveFrameBytes;
        this.maxBytesPerWrite = Math.max(MIN_BYTES_PER_WRITE, sendBufferBytes);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a NIO selector", e);
        }
    }

    @Override
    public void connect(int nodeId, String host, int port) {
        ensureOpen();
        Connection existing = connections.get(nodeId);
        if (existing != null) {
            throw new IllegalStateException(existing.describe() + " already has a connection ("
                    + (existing.connected ? "connected" : "connecting") + "); disconnect it first");
        }
        InetSocketAddress address;
        try {
            address = addresses.next(nodeId, host, port); // may resolve the host name (blocking DNS)
        } catch (UnknownHostException e) {
            pendingEvents.add(PendingEvent.disconnected(nodeId, new UnknownHostException(
                    Connection.describe(nodeId, host, port) + ": cannot resolve host '" + host + "'"), List.of()));
            return;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            configure(channel);
            Connection connection = new Connection(nodeId, host, port, channel, maxReceiveFrameBytes);
            boolean connectedAtOnce = channel.connect(address);
            connection.key = channel.register(selector, connectedAtOnce ? 0 : SelectionKey.OP_CONNECT, connection);
            connections.add(connection);
            if (connectedAtOnce) {
                pendingEvents.add(PendingEvent.connected(connection));
            }
        } catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException e) {
            closeQuietly(channel);
            pendingEvents.add(PendingEvent.disconnected(nodeId, connectFailed(nodeId, host, port, e), List.of()));
        }
    }

    @Override
    public boolean isConnected(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection != null && connection.connected;
    }

    @Override
    public boolean isConnecting(int nodeId) {
        Connection connection = connections.get(nodeId);
        return connection != null && !connection.connected;
    }

    @Override
    public void send(int nodeId, ByteBuffer[] frame, Object token) {
        ensureOpen();
        Frames.checkSizePrefix(frame);
        Connection connection = connections.get(nodeId);
        if (connection == null) {
            pendingEvents.add(PendingEvent.disconnected(nodeId,
                    new IOException("node " + nodeId + ": not connected, cannot send"), List.of(token)));
            return;
        }
        connection.outgoing.add(frame, token);
        if (connection.connected) {
            updateInterest(connection);
        }
    }

    @Override
    public void poll(long timeoutMs, TransportListener listener) {
        ensureOpen();
        pollListener = Objects.requireNonNull(listener, "listener");
        try {
            boolean reportedEvents = deliverPendingEvents(listener);
            if (reportedEvents || !pendingEvents.isEmpty() || timeoutMs <= 0) {
                selector.selectNow(readyKeyHandler);
            } else {
                selector.select(readyKeyHandler, timeoutMs);
            }
            deliverPendingEvents(listener);
        } catch (IOException e) {
            throw new UncheckedIOException("NIO selector failed", e);
        } finally {
            pollListener = null;
        }
    }

    @Override
    public void disconnect(int nodeId) {
        Connection connection = connections.get(nodeId);
        if (connection != null) {
            sendCloseNotify(connection);
            closeConnection(connection, new IOException(connection.describe() + ": disconnected by the client"));
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.at(i);
            connection.closed = true;
            connection.outgoing.drainTokens();
            sendCloseNotify(connection);
            releaseTls(connection);
            closeQuietly(connection.channel);
        }
        connections.clear();
        pendingEvents.clear();
        tlsReadBuffers.clear();
        tlsWriteBuffers.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    /** Connections open or opening. */
    public int connectionCount() {
        return connections.size();
    }

    /** TLS record buffers held by connections (0 when no TLS connection is open: nothing leaked). */
    int tlsBuffersOutstanding() {
        return tlsReadBuffers.outstanding() + tlsWriteBuffers.outstanding();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void handleReadyKey(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (connection.closed || !key.isValid()) {
            return; // closed by a listener callback earlier in this poll
        }
        TransportListener listener = pollListener;
        int readyOps = key.readyOps();
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            finishConnect(connection, listener);
        }
        if (connection.tls != null) {
            handleTlsReady(connection, readyOps, listener);
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !connection.closed) {
            read(connection, listener);
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !connection.closed && connection.connected) {
            write(connection, listener);
        }
    }

    private void finishConnect(Connection connection, TransportListener listener) {
        try {
            if (!connection.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            closeConnection(connection, connectFailed(connection.nodeId, connection.host, connection.port, e));
            return;
        }
        tcpConnected(connection, listener);
    }

    /** The TCP connect finished: plaintext connections are ready, TLS ones start their handshake. */
    private void tcpConnected(Connection connection, TransportListener listener) {
        if (tlsEngines == null) {
            markConnected(connection, listener);
            return;
        }
        try {
            connection.tls = new TlsSession(tlsEngines.createClientEngine(connection.host, connection.port),
                    tlsReadBuffers, tlsWriteBuffers);
            connection.tls.begin();
        } catch (SSLException | RuntimeException e) {
            closeConnection(connection, TlsFailures.handshakeFailed(connection, e));
            return;
        }
        continueHandshake(connection, listener);
    }

    private void markConnected(Connection connection, TransportListener listener) {
        connection.connected = true;
        addresses.connected(connection.nodeId);
        updateInterest(connection);
        listener.onConnected(connection.nodeId);
    }

    private void read(Connection connection, TransportListener listener) {
        for (int reads = 0; reads < MAX_READS_PER_READY_KEY; reads++) {
            readBuffer.clear();
            int bytesRead;
            try {
                bytesRead = connection.channel.read(readBuffer);
            } catch (IOException e) {
                closeConnection(connection, new IOException(connection.describe() + ": read failed: " + e.getMessage(), e));
                return;
            }
            if (bytesRead < 0) {
                closeConnection(connection, new EOFException(connection.describe() + ": peer closed the connection"
                        + (connection.reader.hasPartialFrame() ? " in the middle of a frame" : "")));
                return;
            }
            readBuffer.flip();
            if (!deliverFrames(connection, listener) || bytesRead < readBuffer.capacity()) {
                return; // closed, or the socket is drained for now
            }
        }
    }

    /** Hands every complete frame in readBuffer to the listener; false if the connection got closed meanwhile. */
    private boolean deliverFrames(Connection connection, TransportListener listener) {
        try {
            ByteBuffer frame;
            while ((frame = connection.reader.next(readBuffer)) != null) {
                listener.onReceive(connection.nodeId, frame);
                if (connection.closed) {
                    return false;
                }
            }
            return true;
        } catch (FrameReader.TlsRecordException e) {
            closeConnection(connection, TlsFailures.tlsPeerOnPlaintext(connection, e));
            return false;
        } catch (FrameReader.InvalidFrameSizeException e) {
            closeConnection(connection, new IOException(connection.describe() + ": " + e.getMessage(), e));
            return false;
        }
    }

    private void write(Connection connection, TransportListener listener) {
        OutgoingFrames outgoing = connection.outgoing;
        while (!outgoing.isEmpty()) {
            int buffers = outgoing.gather(writeVector, maxBytesPerWrite);
            if (buffers == 0) {
                break; // cannot happen (every frame holds at least its prefix), but never spin on it
            }
            long attempted = outgoing.gatheredBytes();
            long written;
            try {
                written = connection.channel.write(writeVector, 0, buffers);
            } catch (IOException e) {
                closeConnection(connection, new IOException(connection.describe() + ": write failed: " + e.getMessage(), e));
                return;
            } finally {
                outgoing.afterWrite(writeVector, buffers);
            }
            while (outgoing.headComplete()) {
                Object token = outgoing.removeHead();
                listener.onSendComplete(connection.nodeId, token);
                if (connection.closed) {
                    return;
                }
            }
            if (written < attempted) {
                break; // socket buffer full: OP_WRITE tells us when to go on
            }
        }
        updateInterest(connection);
    }

    /** OP_READ always once connected; OP_WRITE only while bytes are pending, or the selector would spin. */
    private static void updateInterest(Connection connection) {
        boolean pending = !connection.outgoing.isEmpty()
                || (connection.tls != null && connection.tls.hasPendingOutput());
        int ops = SelectionKey.OP_READ | (pending ? SelectionKey.OP_WRITE : 0);
        if (connection.key.interestOps() != ops) {
            connection.key.interestOps(ops);
        }
    }

    private void closeConnection(Connection connection, IOException cause) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        connection.connected = false;
        connections.remove(connection);
        releaseTls(connection);
        closeQuietly(connection.channel); // also cancels the key
        connection.reader.reset();
        pendingEvents.add(PendingEvent.disconnected(connection.nodeId, cause, connection.outgoing.drainTokens()));
    }

    /** Reports the events queued so far (not those queued by the callbacks it runs); true if there were any. */
    private boolean deliverPendingEvents(TransportListener listener) {
        int queued = pendingEvents.size();
        for (int i = 0; i < queued; i++) {
            PendingEvent event = pendingEvents.pollFirst();
            if (event.connectedAtOnce != null) {
                if (!event.connectedAtOnce.closed) {
                    tcpConnected(event.connectedAtOnce, listener);
                }
            } else {
                listener.onDisconnected(event.nodeId, event.cause, event.unsentTokens);
            }
        }
        return queued > 0;
    }

    // TLS ----------------------------------------------------------------------------------------------------------

    private void handleTlsReady(Connection connection, int readyOps, TransportListener listener) {
        if (connection.closed) {
            return;
        }
        if (!connection.connected) {
            if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_WRITE)) != 0) {
                continueHandshake(connection, listener);
            }
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            readTls(connection, listener);
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !connection.closed) {
            writeTls(connection, listener);
        }
    }

    private void continueHandshake(Connection connection, TransportListener listener) {
        TlsSession tls = connection.tls;
        TlsSession.Step step;
        try {
            step = tls.handshake(connection.channel, readBuffer);
        } catch (IOException | RuntimeException e) {
            tls.sendClosingRecords(connection.channel, false); // the engine's alert tells the broker why
            closeConnection(connection, TlsFailures.handshakeFailed(connection, e));
            return;
        }
        switch (step) {
            case NEED_READ -> connection.key.interestOps(SelectionKey.OP_READ);
            case NEED_WRITE -> connection.key.interestOps(SelectionKey.OP_WRITE);
            case DONE -> {
                markConnected(connection, listener);
                if (!connection.closed && tls.hasBufferedInput()) {
                    unwrapAndDeliver(connection, listener); // records that came with the handshake's last one
                }
            }
        }
    }

    private void readTls(Connection connection, TransportListener listener) {
        TlsSession tls = connection.tls;
        for (int reads = 0; reads < MAX_READS_PER_READY_KEY; reads++) {
            int bytesRead;
            try {
                bytesRead = tls.read(connection.channel);
            } catch (IOException e) {
                closeConnection(connection, new IOException(connection.describe() + ": read failed: " + e.getMessage(), e));
                return;
            }
            if (bytesRead < 0) {
                // Not a TLS failure even before the first answer: a broker that refuses our certificate says so
                // with an alert (unwrap throws), and a broker restarting must not fail the records for good.
                closeConnection(connection, new EOFException(connection.describe() + ": peer closed the connection"
                        + (connection.reader.hasPartialFrame() ? " in the middle of a frame"
                        : tls.applicationDataReceived() ? "" : " after the TLS handshake, before it answered")));
                return;
            }
            boolean full = tls.inputFull();
            if (!unwrapAndDeliver(connection, listener) || !full) {
                return; // closed, or the socket is drained for now
            }
        }
    }

    /** Unwraps every whole record that netIn holds and delivers the frames; false if the connection got closed. */
    private boolean unwrapAndDeliver(Connection connection, TransportListener listener) {
        TlsSession tls = connection.tls;
        while (true) {
            readBuffer.clear();
            TlsSession.Unwrapped outcome;
            try {
                outcome = tls.unwrap(readBuffer);
            } catch (SSLException | RuntimeException e) {
                // A TLS 1.3 broker checks our certificate after our side has finished: its refusal arrives here.
                // (A RuntimeException from the engine would be a JDK or provider bug: it ends the connection too.)
                closeConnection(connection, tls.applicationDataReceived()
                        ? new SSLException(connection.describe() + ": TLS failure: " + e.getMessage(), e)
                        : TlsFailures.handshakeFailed(connection, e));
                return false;
            }
            readBuffer.flip();
            if (!deliverFrames(connection, listener)) {
                return false;
            }
            switch (outcome) {
                case NEED_INPUT -> {
                    if (tls.hasPendingOutput()) {
                        updateInterest(connection); // a post-handshake answer waits to be written
                    }
                    return true;
                }
                case CLOSED -> {
                    closeConnection(connection, new EOFException(connection.describe()
                            + ": peer closed the TLS session (close_notify)"
                            + (connection.reader.hasPartialFrame() ? " in the middle of a frame" : "")));
                    return false;
                }
                case OUTPUT_FULL -> {
                    // delivered; unwrap the rest
                }
            }
        }
    }

    private void writeTls(Connection connection, TransportListener listener) {
        TlsSession tls = connection.tls;
        OutgoingFrames outgoing = connection.outgoing;
        try {
            while (true) {
                boolean flushed = tls.flushAll(connection.channel);
                if (!flushed) {
                    break; // socket buffer full: OP_WRITE tells us when to go on
                }
                // Everything wrapped so far is on the socket: frames whose last byte was wrapped are sent.
                while (outgoing.headComplete()) {
                    Object token = outgoing.removeHead();
                    listener.onSendComplete(connection.nodeId, token);
                    if (connection.closed) {
                        return;
                    }
                }
                if (outgoing.isEmpty()) {
                    break;
                }
                int buffers = outgoing.gather(writeVector, maxBytesPerWrite);
                long consumed;
                try {
                    consumed = tls.wrap(writeVector, 0, buffers);
                } catch (RuntimeException e) {
                    throw new SSLException("the TLS engine failed: " + e, e); // ends the connection, not the poll
                } finally {
                    outgoing.afterWrite(writeVector, buffers);
                }
                if (consumed == 0 && !tls.hasPendingOutput()) {
                    break; // the engine wants to read first (a key update in progress); reading resumes us
                }
            }
        } catch (IOException e) {
            closeConnection(connection, e instanceof SSLException
                    ? new SSLException(connection.describe() + ": TLS failure: " + e.getMessage(), e)
                    : new IOException(connection.describe() + ": write failed: " + e.getMessage(), e));
            return;
        }
        updateInterest(connection);
    }

    /** Before a disconnect the client asked for: tells a TLS peer that we close (close_notify), without blocking. */
    private static void sendCloseNotify(Connection connection) {
        if (connection.tls != null && connection.connected && !connection.closed) {
            connection.tls.sendClosingRecords(connection.channel, true);
        }
    }

    private static void releaseTls(Connection connection) {
        if (connection.tls != null) {
            connection.tls.release();
        }
    }

    private void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // requests are whole frames: never wait for more
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        // Set before connecting: the receive buffer size determines the TCP window scale negotiated in the handshake.
        if (sendBufferBytes != -1) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
        }
        if (receiveBufferBytes != -1) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
        }
    }

    private static IOException connectFailed(int nodeId, String host, int port, Exception e) {
        String reason = e instanceof UnresolvedAddressException ? "cannot resolve host '" + host + "'"
                : e instanceof UnsupportedAddressTypeException ? "unsupported address type"
                : String.valueOf(e.getMessage());
        ConnectException failure = new ConnectException(Connection.describe(nodeId, host, port)
                + ": connect failed: " + reason);
        failure.initCause(e);
        return failure;
    }

    private static void checkSocketBufferSize(String name, int bytes) {
        if (bytes != -1 && bytes <= 0) {
            throw new IllegalArgumentException(name + " must be positive or -1 (OS default), got " + bytes);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The transport is closed");
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort; the connection is gone either way
            }
        }
    }

    /** An event to report in the listener's poll: a connect that finished inside connect(), or a disconnect. */
    private static final class PendingEvent {
        final int nodeId;
        final Connection connectedAtOnce;
        final IOException cause;
        final List<Object> unsentTokens;

        private PendingEvent(int nodeId, Connection connectedAtOnce, IOException cause, List<Object> unsentTokens) {
            this.nodeId = nodeId;
            this.connectedAtOnce = connectedAtOnce;
            this.cause = cause;
            this.unsentTokens = unsentTokens;
        }

        static PendingEvent connected(Connection connection) {
            return new PendingEvent(connection.nodeId, connection, null, null);
        }

        static PendingEvent disconnected(int nodeId, IOException cause, List<Object> unsentTokens) {
            return new PendingEvent(nodeId, null, cause, unsentTokens);
        }
    }
}
