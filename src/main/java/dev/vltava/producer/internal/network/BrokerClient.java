package dev.vltava.producer.internal.network;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metrics.NetworkMetrics;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ApiVersionsRequest;
import dev.vltava.producer.internal.protocol.ApiVersionsResponse;
import dev.vltava.producer.internal.protocol.ApiVersionsTable;
import dev.vltava.producer.internal.protocol.ProtocolException;
import dev.vltava.producer.internal.protocol.RequestBody;
import dev.vltava.producer.internal.protocol.RequestFramer;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.SaslExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka request/response over a {@link Transport}: one connection per node, an ApiVersions handshake on connect
 * (with the UNSUPPORTED_VERSION fallback), correlation ids, at most {@code max.in.flight.requests.per.connection}
 * requests in flight per connection, {@code request.timeout.ms} per request, and reconnect backoff.
 *
 * <p>A request that expects no response (Produce with acks=0) is outstanding until the transport has written it; it
 * too is bounded by {@code request.timeout.ms} (counted from the send, like any request), and when its connection ends
 * before it is written, for whatever reason (the peer, an I/O error, or this client closing the connection after a
 * timeout or a bad response), its handler fails, so its batches are retried or failed, never forgotten.
 *
 * <p>With SASL ({@link #enableSasl}; the steps are {@link SaslAuthenticator}'s), a connection authenticates after
 * ApiVersions: SaslHandshake v1 naming the mechanism, then SaslAuthenticate rounds until the mechanism is
 * satisfied, then READY. When the broker gives the session a lifetime (KIP-368), the connection re-authenticates
 * before it ends: at 85-95 % of the lifetime it stops taking new requests, lets those in flight finish, and runs the
 * handshake and exchange again; a connection whose session ends before that succeeds is closed (its requests are
 * retried as on any disconnect).
 *
 * <p>A connection that fails authentication (the broker refuses the SASL exchange, the client refuses the broker's,
 * or the TLS handshake fails: an {@link SSLException} from the transport) ends with an
 * {@link AuthenticationFailedException}; {@link #authenticationFailure} reports it for the node until a later
 * connection to it begins, so that the sender can fail the records waiting on that node at once. Reconnects go on
 * with the usual backoff.
 *
 * <p>Threads: the sender thread only (except {@link #wakeup()}).
 */
public final class BrokerClient implements TransportListener {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClient.class);

    private final Transport transport;
    private final String clientId;
    private final int maxInFlight;
    private final long requestTimeoutNs;
    private final long connectTimeoutNs;
    private final long connectTimeoutMaxNs;
    private final long reconnectBackoffNs;
    private final long reconnectBackoffMaxNs;
    private final long connectionsMaxIdleNs;
    private final LongSupplier clock;
    /** Jitter source (backoff, setup timeout); a simulation passes a seeded one so that a run replays exactly. */
    private final RandomGenerator random;
    private final Map<Integer, Node> nodes = new HashMap<>();
    private int nextCorrelationId;
    /** Authenticates every connection with SASL, or null (no SASL). */
    private SaslAuthenticator sasl;
    /** Where connections, requests and polls are counted; null = not counted. */
    private NetworkMetrics metrics;
    /** When the last poll of the transport returned (for the metric io-time); 0 before the first. */
    private long lastPollEndNs;

    public BrokerClient(Transport transport, String clientId, int maxInFlight, long requestTimeoutMs,
            long connectTimeoutMs, long reconnectBackoffMs, long reconnectBackoffMaxMs, LongSupplier clock) {
        this(transport, clientId, maxInFlight, requestTimeoutMs, connectTimeoutMs, reconnectBackoffMs,
                reconnectBackoffMaxMs, Long.MAX_VALUE, clock);
    }

    /** With {@code connections.max.idle.ms}: connections with nothing in flight for that long are closed. */
    public BrokerClient(Transport transport, String clientId, int maxInFlight, long requestTimeoutMs,
            long connectTimeoutMs, long reconnectBackoffMs, long reconnectBackoffMaxMs, long connectionsMaxIdleMs,
            LongSupplier clock) {
        this(transport, clientId, maxInFlight, requestTimeoutMs, connectTimeoutMs, connectTimeoutMs,
                reconnectBackoffMs, reconnectBackoffMaxMs, connectionsMaxIdleMs, clock);
    }

    /**
     * With socket.connection.setup.timeout.max.ms: each consecutive failed attempt to reach a node doubles its
     * connection setup timeout, from {@code connectTimeoutMs} up to {@code connectTimeoutMaxMs}, with 20 % jitter (as
     * the official client does), so an unreachable node is not retried on a short fuse forever.
     */
    public BrokerClient(Transport transport, String clientId, int maxInFlight, long requestTimeoutMs,
            long connectTimeoutMs, long connectTimeoutMaxMs, long reconnectBackoffMs, long reconnectBackoffMaxMs,
            long connectionsMaxIdleMs, LongSupplier clock) {
        this(transport, clientId, maxInFlight, requestTimeoutMs, connectTimeoutMs, connectTimeoutMaxMs,
                reconnectBackoffMs, reconnectBackoffMaxMs, connectionsMaxIdleMs, clock,
                () -> ThreadLocalRandom.current().nextLong()); // current() on the calling thread, every time
    }

    /** With the jitter source given (ThreadLocalRandom in production; seeded in the deterministic simulation). */
    public BrokerClient(Transport transport, String clientId, int maxInFlight, long requestTimeoutMs,
            long connectTimeoutMs, long connectTimeoutMaxMs, long reconnectBackoffMs, long reconnectBackoffMaxMs,
            long connectionsMaxIdleMs, LongSupplier clock, RandomGenerator random) {
        this.random = random;
        this.connectTimeoutMaxNs = TimeUnit.MILLISECONDS.toNanos(Math.max(connectTimeoutMs, connectTimeoutMaxMs));
        this.connectionsMaxIdleNs = connectionsMaxIdleMs >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(connectionsMaxIdleMs);
        this.transport = transport;
        this.clientId = clientId;
        this.maxInFlight = maxInFlight;
        this.requestTimeoutNs = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        this.connectTimeoutNs = TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs);
        this.reconnectBackoffNs = TimeUnit.MILLISECONDS.toNanos(reconnectBackoffMs);
        this.reconnectBackoffMaxNs = TimeUnit.MILLISECONDS.toNanos(reconnectBackoffMaxMs);
        this.clock = clock;
    }

    /**
     * Every connection authenticates with this SASL mechanism after ApiVersions (security.protocol SASL_PLAINTEXT or
     * SASL_SSL). Call before the first connect.
     */
    public void enableSasl(SaslClientFactory factory) {
        this.sasl = new SaslAuthenticator(this, factory, random);
    }

    /**
     * Ready to take a request now: handshake (and authentication) done, no re-authentication waiting, and fewer
     * than max.in.flight requests outstanding.
     */
    /** Counts connections, requests, responses and polls into these metrics from now on. */
    public void recordMetricsInto(NetworkMetrics metrics) {
        this.metrics = metrics;
    }

    public boolean isReady(int nodeId) {
        Node n = nodes.get(nodeId);
        return n != null && n.state == ConnectionState.READY && !n.reauthPending && n.outstanding() < maxInFlight;
    }

    /**
     * While the node is disconnected after its last connection failed authentication (SASL or TLS): that failure;
     * else null. Cleared when a new connection to the node begins (as the official client does: records sent while
     * that attempt runs wait for its outcome).
     */
    public AuthenticationFailedException authenticationFailure(int nodeId) {
        Node n = nodes.get(nodeId);
        return n == null || n.state != ConnectionState.DISCONNECTED ? null : n.authFailure;
    }

    /** True if some node is disconnected after an authentication failure (see {@link #authenticationFailure}). */
    public boolean anyAuthenticationFailure() {
        for (Node n : nodes.values()) {
            if (n.authFailure != null && n.state == ConnectionState.DISCONNECTED) {
                return true;
            }
        }
        return false;
    }

    public boolean isConnectedOrConnecting(int nodeId) {
        Node n = nodes.get(nodeId);
        return n != null && n.state != ConnectionState.DISCONNECTED;
    }

    /** Starts connecting unless connected, connecting, or in reconnect backoff. Returns true if a connection exists or began. */
    public boolean connect(BrokerAddress address, long nowNs) {
        Node n = nodes.computeIfAbsent(address.nodeId(), id -> new Node(id));
        if (n.state != ConnectionState.DISCONNECTED) {
            return true;
        }
        if (nowNs < n.reconnectNotBeforeNs || n.awaitingDisconnectEcho) {
            return false;
        }
        n.address = address;
        n.authFailure = null;
        n.state = ConnectionState.CONNECTING;
        n.stateSinceNs = nowNs;
        n.connectTimeoutNs = connectTimeoutNs(n.failures);
        LOG.debug("connecting to {}", address);
        transport.connect(address.nodeId(), address.host(), address.port());
        return true;
    }

    /** The setup timeout for an attempt after {@code failures} consecutive failed ones. */
    long connectTimeoutNs(int failures) {
        if (connectTimeoutMaxNs <= connectTimeoutNs) {
            return connectTimeoutNs;
        }
        long timeout = Math.min(connectTimeoutMaxNs, connectTimeoutNs << Math.min(failures, 20));
        double jitter = 1 + 0.2 * (2 * random.nextDouble() - 1);
        return Math.max(1, (long) (timeout * jitter));
    }

    /** Nanoseconds until the node may be connected again (0 if now). */
    public long reconnectDelayNs(int nodeId, long nowNs) {
        Node n = nodes.get(nodeId);
        return n == null ? 0 : Math.max(0, n.reconnectNotBeforeNs - nowNs);
    }

    /** The version both sides support for the API on this node (node must be ready). */
    public short version(int nodeId, ApiKey api) {
        return nodes.get(nodeId).versions.usableVersion(api);
    }

    /**
     * The cluster's finalized {@code transaction.version} feature level as the node reported it in ApiVersions
     * (2+ = transactions v2, KIP-890); 0 when the node did not say or is not connected.
     */
    public short finalizedTransactionVersion(int nodeId) {
        Node n = nodes.get(nodeId);
        return n == null || n.versions == null ? 0 : n.versions.finalizedTransactionVersion();
    }

    public boolean supports(int nodeId, ApiKey api) {
        Node n = nodes.get(nodeId);
        return n != null && n.versions != null && n.versions.supports(api);
    }

    /** Sends a request; the handler is called exactly once. The node must be {@link #isReady ready}. */
    public void send(int nodeId, RequestBody body, short version, boolean expectResponse, ResponseHandler handler,
            long nowNs) {
        Node n = nodes.get(nodeId);
        if (n == null || n.state != ConnectionState.READY) {
            handler.onFailure(new IOException("node " + nodeId + " is not connected"), nowNs);
            return;
        }
        doSend(n, body, version, expectResponse, handler, nowNs);
    }

    void doSend(Node n, RequestBody body, short version, boolean expectResponse, ResponseHandler handler,
            long nowNs) {
        int correlationId = nextCorrelationId++;
        if (nextCorrelationId == Integer.MAX_VALUE) {
            nextCorrelationId = 0;
        }
        InFlight f = new InFlight(body.apiKey(), version, correlationId, handler, nowNs, expectResponse);
        n.lastActivityNs = nowNs;
        ByteBuffer[] frame = RequestFramer.frame(body, version, correlationId, clientId);
        if (metrics != null) {
            int bytes = 0;
            for (ByteBuffer b : frame) {
                bytes += b.remaining();
            }
            metrics.requestSent(n.id, bytes, nowNs);
        }
        if (expectResponse) {
            n.awaitingResponse.addLast(f);
        } else {
            n.awaitingWrite.addLast(f);
        }
        try {
            transport.send(n.id, frame, f);
        } catch (RuntimeException | Error e) {
            // Not taken: no response will come for it, so it must not wait in line for one.
            if (expectResponse) {
                n.awaitingResponse.removeLastOccurrence(f);
            } else {
                n.awaitingWrite.removeLastOccurrence(f);
            }
            throw e;
        }
    }

    /** A ready node with the fewest requests outstanding among the given ones, or null. */
    public BrokerAddress leastLoadedReady(Collection<BrokerAddress> candidates) {
        BrokerAddress best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (BrokerAddress b : candidates) {
            if (isReady(b.nodeId())) {
                int load = nodes.get(b.nodeId()).outstanding();
                if (load < bestLoad) {
                    best = b;
                    bestLoad = load;
                }
            }
        }
        return best;
    }

    /** Performs I/O for at most timeoutMs, then enforces request and connect timeouts. */
    public void poll(long timeoutMs) {
        if (sasl != null) {
            timeoutMs = Math.min(timeoutMs, sasl.maintainSessions(nodes.values(), clock.getAsLong()));
        }
        long pollStartNs = clock.getAsLong();
        transport.poll(timeoutMs, this);
        if (metrics != null) {
            long pollEndNs = clock.getAsLong();
            metrics.polled(pollEndNs - pollStartNs, lastPollEndNs == 0 ? -1 : pollStartNs - lastPollEndNs, pollEndNs);
            lastPollEndNs = pollEndNs;
        }
        if (anyRequestLate(clock.getAsLong())) {
            // After a long pause (GC, SIGSTOP) the answers may already sit in the socket while the select that
            // woke us reported nothing: read once more before declaring requests timed out and resending them.
            transport.poll(0, this);
        }
        long now = clock.getAsLong();
        List<Node> timedOut = null;
        for (Node n : nodes.values()) {
            boolean requestLate = n.oldestLate(now, requestTimeoutNs) != null;
            boolean connectLate = (n.state == ConnectionState.CONNECTING) && now - n.stateSinceNs > n.connectTimeoutNs;
            if (requestLate || connectLate) {
                if (timedOut == null) {
                    timedOut = new ArrayList<>();
                }
                timedOut.add(n);
            }
        }
        closeIdleConnections(now);
        if (metrics != null) {
            publishConnectionState();
        }
        if (timedOut != null) {
            for (Node n : timedOut) {
                String what = n.state == ConnectionState.CONNECTING
                        ? "connection to " + n.address + " not established within " + n.connectTimeoutNs / 1_000_000
                        + " ms (socket.connection.setup.timeout.ms, doubled per failed attempt up to "
                        + "socket.connection.setup.timeout.max.ms)"
                        : lateRequestMessage(n, n.oldestLate(now, requestTimeoutNs));
                closeNode(n, new RequestTimeoutException(what), now);
            }
        }
    }

    private void publishConnectionState() {
        int connections = 0;
        int inFlight = 0;
        for (Node n : nodes.values()) {
            if (n.state != ConnectionState.DISCONNECTED) {
                connections++;
            }
            inFlight += n.outstanding();
        }
        metrics.state(connections, inFlight);
    }

    private String lateRequestMessage(Node n, InFlight late) {
        return late.expectResponse
                ? late.api + " request to " + n.address + " got no response within " + requestTimeoutNs / 1_000_000
                        + " ms (request.timeout.ms)"
                : late.api + " request to " + n.address + " (acks=0) could not be written within "
                        + requestTimeoutNs / 1_000_000 + " ms (request.timeout.ms): the connection is stalled";
    }

    /**
     * Closes connections that carried nothing for connections.max.idle.ms (the official client's default of 9 minutes
     * is below the broker's 10, so the client closes first, cleanly, instead of finding a dead socket on its next
     * request). The next request opens a new connection.
     */
    private void closeIdleConnections(long now) {
        if (connectionsMaxIdleNs == Long.MAX_VALUE) {
            return;
        }
        for (Node n : nodes.values()) {
            if (n.state == ConnectionState.READY && n.outstanding() == 0
                    && now - n.lastActivityNs > connectionsMaxIdleNs) {
                LOG.debug("closing idle connection to {}", n.address);
                // As in closeNode: no new connection before the transport's report of this one's end has arrived,
                // or that report would be taken for the new connection's failure (reconnect.backoff.ms may be 0).
                boolean echoComing = transport.isConnected(n.id) || transport.isConnecting(n.id);
                transport.disconnect(n.id);
                n.state = ConnectionState.DISCONNECTED;
                n.versions = null;
                n.endSession();
                n.awaitingDisconnectEcho |= echoComing;
                if (metrics != null) {
                    metrics.connectionClosed(now);
                    metrics.connectionDown(n.id, n.address.host(), n.address.port(), "idle for connections.max.idle.ms");
                }
            }
        }
    }

    private boolean anyRequestLate(long now) {
        for (Node n : nodes.values()) {
            if (n.oldestLate(now, requestTimeoutNs) != null) {
                return true;
            }
        }
        return false;
    }

    /** Closes the node's connection; outstanding requests fail with the cause. */
    public void disconnect(int nodeId, IOException cause) {
        Node n = nodes.get(nodeId);
        if (n != null && n.state != ConnectionState.DISCONNECTED) {
            closeNode(n, cause, clock.getAsLong());
        }
    }

    void closeNode(Node n, IOException cause, long now) {
        // The transport reports this disconnect again from a later poll; until that echo has arrived the node is not
        // reconnected, or the echo would be taken for the failure of the new connection. Its unsent frames are known
        // here already: onDisconnected fails the node's unwritten acks=0 requests as well as those awaiting answers.
        boolean echoComing = transport.isConnected(n.id) || transport.isConnecting(n.id);
        transport.disconnect(n.id);
        try {
            onDisconnected(n.id, cause, List.of());
        } finally {
            n.awaitingDisconnectEcho |= echoComing;
        }
    }

    public void wakeup() {
        transport.wakeup();
    }

    public void close() {
        transport.close();
    }

    // ---------------------------------------------------------------- TransportListener (sender thread)

    @Override
    public void onConnected(int nodeId) {
        Node n = nodes.get(nodeId);
        if (n == null) {
            return;
        }
        n.state = ConnectionState.HANDSHAKING;
        n.stateSinceNs = clock.getAsLong();
        if (metrics != null) {
            metrics.connectionCreated(n.stateSinceNs);
        }
        sendApiVersions(n, ApiKey.API_VERSIONS.maxVersion());
    }

    private void sendApiVersions(Node n, short version) {
        ApiVersionsRequest request = new ApiVersionsRequest(ClientSoftware.NAME, ClientSoftware.VERSION);
        doSend(n, request, version, true, new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer body, short v, long nowNs) {
                handleApiVersions(n, body, v);
            }

            @Override
            public void onFailure(Exception cause, long nowNs) {
                // the connection is already being closed by whoever failed the request
            }
        }, clock.getAsLong());
    }

    private void handleApiVersions(Node n, ByteBuffer body, short version) {
        ApiVersionsResponse r = ApiVersionsResponse.parse(body, version);
        if (r.errorCode() == 35 /* UNSUPPORTED_VERSION */) {
            short theirMax = 0;
            for (ApiVersionsResponse.ApiVersionRange range : r.apiKeys()) {
                if (range.apiKey() == ApiKey.API_VERSIONS.id()) {
                    theirMax = range.maxVersion();
                }
            }
            short retry = (short) Math.min(theirMax, version - 1);
            LOG.debug("{} does not support ApiVersions v{}; retrying at v{}", n.address, version, retry);
            sendApiVersions(n, retry);
            return;
        }
        if (r.errorCode() != 0) {
            closeNode(n, new IOException("ApiVersions to " + n.address + " failed with error code " + r.errorCode()),
                    clock.getAsLong());
            return;
        }
        n.versions = new ApiVersionsTable(r);
        if (sasl != null) {
            sasl.start(n, clock.getAsLong());
            return;
        }
        markReady(n);
    }

    /** KIP-368: a live connection authenticated again and takes requests again (it was never down). */
    void markReauthenticated(Node n, long now) {
        n.state = ConnectionState.READY;
        if (metrics != null) {
            metrics.reauthenticated(now - n.reauthStartNs, now);
        }
    }

    void markReady(Node n) {
        if (metrics != null && sasl != null && n.state != ConnectionState.READY) {
            metrics.authenticated(true, clock.getAsLong());
        }
        n.state = ConnectionState.READY;
        n.failures = 0;
        n.handshakesClosedByPeerInARow = 0;
        n.authFailure = null;
        n.loggedAuthFailure = null;
        LOG.debug("connected to {}", n.address);
        if (metrics != null) {
            metrics.connectionUp(n.id, n.address.host(), n.address.port());
        }
    }

    @Override
    public void onSendComplete(int nodeId, Object token) {
        InFlight f = (InFlight) token;
        if (!f.expectResponse) {
            Node n = nodes.get(nodeId);
            // Frames are written in order, so it is the head; one that is not there any more was failed already.
            boolean pending = n != null && (n.awaitingWrite.peekFirst() == f ? n.awaitingWrite.pollFirst() != null
                    : n.awaitingWrite.remove(f));
            if (pending) {
                f.handler.onResponse(null, f.version, clock.getAsLong());
            }
        }
    }

    @Override
    public void onReceive(int nodeId, ByteBuffer frame) {
        Node n = nodes.get(nodeId);
        long now = clock.getAsLong();
        if (n == null) {
            return;
        }
        n.lastActivityNs = now;
        if (metrics != null) {
            metrics.responseReceived(nodeId, frame.remaining() + 4, now);
        }
        InFlight f = n.awaitingResponse.pollFirst();
        if (f == null) {
            closeNode(n, new IOException("unexpected response from " + n.address + " with no request in flight"), now);
            return;
        }
        int correlationId;
        try {
            correlationId = RequestFramer.readResponseCorrelationId(frame, f.api, f.version);
        } catch (ProtocolException e) {
            n.awaitingResponse.addFirst(f);
            closeNode(n, new IOException("garbage response header from " + n.address + ": " + e.getMessage(), e), now);
            return;
        }
        if (correlationId != f.correlationId) {
            n.awaitingResponse.addFirst(f);
            closeNode(n, new IOException("response from " + n.address + " has correlation id " + correlationId
                    + " but " + f.correlationId + " was expected"), now);
            return;
        }
        try {
            f.handler.onResponse(frame, f.version, now);
        } catch (ProtocolException e) {
            // The handler could not decode it: that connection cannot be trusted any more.
            LOG.warn("undecodable {} response from {}: {}", f.api, n.address, e.getMessage());
            f.handler.onFailure(e, now);
            closeNode(n, new IOException("undecodable " + f.api + " response from " + n.address, e), now);
        }
    }

    @Override
    public void onDisconnected(int nodeId, IOException cause, List<Object> unsentTokens) {
        Node n = nodes.get(nodeId);
        if (n != null && n.awaitingDisconnectEcho) {
            n.awaitingDisconnectEcho = false; // the echo of closeNode: already handled, nothing was connected since
            return;
        }
        if (n == null || n.state == ConnectionState.DISCONNECTED) {
            return;
        }
        long now = clock.getAsLong();
        boolean wasReady = n.state == ConnectionState.READY;
        boolean wasConnected = n.state != ConnectionState.CONNECTING;
        cause = classify(n, cause);
        if (metrics != null) {
            if (wasConnected) {
                metrics.connectionClosed(now);
            }
            if (n.authFailure != null) {
                if (n.reauthenticating) {
                    metrics.reauthenticationFailed(now);
                } else {
                    metrics.authenticated(false, now);
                }
            }
            if (wasReady) {
                metrics.connectionDown(n.id, n.address.host(), n.address.port(), cause.getMessage());
            }
        }
        n.state = ConnectionState.DISCONNECTED;
        n.versions = null;
        n.endSession();
        n.failures++;
        long backoff = Math.min(reconnectBackoffMaxNs, reconnectBackoffNs << Math.min(n.failures - 1, 20));
        long jitter = (long) (backoff * 0.2 * random.nextDouble());
        n.reconnectNotBeforeNs = now + backoff + jitter;
        if (n.authFailure != null) {
            if (!cause.getMessage().equals(n.loggedAuthFailure)) { // once per distinct reason, not per reconnect
                LOG.warn("{}", cause.getMessage());
                n.loggedAuthFailure = cause.getMessage();
            } else {
                LOG.debug("{}", cause.getMessage());
            }
        } else if (wasReady) {
            LOG.info("disconnected from {}: {}", n.address, cause.getMessage());
        } else {
            LOG.debug("connection to {} failed: {}", n.address, cause.getMessage());
        }
        // Every request of the connection fails: those awaiting an answer and the acks=0 ones not yet written (the
        // unsentTokens name only frames this report knows of; closeNode reports before the transport does, with none).
        List<InFlight> failed = new ArrayList<>(n.outstanding());
        failed.addAll(n.awaitingResponse);
        failed.addAll(n.awaitingWrite);
        n.awaitingResponse.clear();
        n.awaitingWrite.clear();
        RuntimeException firstThrown = null;
        for (InFlight f : failed) {
            try {
                f.handler.onFailure(cause, now);
            } catch (RuntimeException e) { // one handler's bug must not leave the others' requests unreported
                if (firstThrown == null) {
                    firstThrown = e;
                } else {
                    firstThrown.addSuppressed(e);
                }
            }
        }
        if (firstThrown != null) {
            throw firstThrown;
        }
    }

    /**
     * Records whether the connection ended in an authentication failure: ours (SASL), or a TLS failure the transport
     * reports as an {@link SSLException} (a handshake failure, or any TLS error before the connection was up), which
     * becomes an {@link AuthenticationFailedException} of kind TLS. Returns the cause to report.
     */
    static String describe(Node n) {
        return "node " + n.id + " (" + n.address.host() + ":" + n.address.port() + ")";
    }

    private static IOException classify(Node n, IOException cause) {
        if (cause instanceof AuthenticationFailedException a) {
            n.authFailure = a;
            return a;
        }
        SSLException tls = sslCause(cause);
        if (tls != null && (tls instanceof SSLHandshakeException || n.state == ConnectionState.CONNECTING)) {
            if (closedByThePeer(tls) && n.handshakesClosedByPeerInARow++ == 0) {
                // The peer ended the connection mid-handshake: a plaintext listener does that to every attempt, but a
                // broker restarting does it once. Only a second time in a row is taken as the fatal "not TLS".
                n.authFailure = null;
                return cause;
            }
            String reason = String.valueOf(cause.getMessage());
            String message = reason.contains(describe(n)) ? "TLS handshake failed: " + reason // the transport named it
                    : "TLS handshake with " + describe(n) + " failed: " + reason;
            AuthenticationFailedException a = new AuthenticationFailedException(
                    AuthenticationFailedException.Kind.TLS, message, cause);
            n.authFailure = a;
            return a;
        }
        n.authFailure = null;
        return cause;
    }

    /** The handshake failed because the connection ended (end of stream or an I/O error), not by a TLS verdict. */
    private static boolean closedByThePeer(SSLException tls) {
        Throwable inner = tls.getCause();
        return inner instanceof IOException && !(inner instanceof SSLException);
    }

    private static SSLException sslCause(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private static final class InFlight {
        final ApiKey api;
        final short version;
        final int correlationId;
        final ResponseHandler handler;
        final long sentNs;
        final boolean expectResponse;

        InFlight(ApiKey api, short version, int correlationId, ResponseHandler handler, long sentNs,
                boolean expectResponse) {
            this.api = api;
            this.version = version;
            this.correlationId = correlationId;
            this.handler = handler;
            this.sentNs = sentNs;
            this.expectResponse = expectResponse;
        }
    }

    /** A node's connection state; package-private for {@link SaslAuthenticator}. Sender thread only. */
    static final class Node {
        final int id;
        BrokerAddress address;
        ConnectionState state = ConnectionState.DISCONNECTED;
        long stateSinceNs;
        long reconnectNotBeforeNs;
        /** Consecutive failed connection attempts (or dropped connections); 0 once a handshake succeeds. */
        int failures;
        long connectTimeoutNs;
        /** closeNode disconnected it; the transport's own report of that is still to come (see closeNode). */
        boolean awaitingDisconnectEcho;
        ApiVersionsTable versions;
        /** The SASL exchange under way (AUTHENTICATING), or null. */
        SaslExchange exchange;
        /** AUTHENTICATING, but the mechanism is not ready yet (OAUTHBEARER token still being fetched). */
        boolean awaitingMechanism;
        /** KIP-368: when to re-authenticate and when the session ends (nanoTime); MAX_VALUE = never. */
        long reauthAtNs = Long.MAX_VALUE;
        long sessionEndNs = Long.MAX_VALUE;
        /** Re-authentication is due: no new requests; it starts once those in flight have ended. */
        boolean reauthPending;
        /** The SASL exchange under way is a re-authentication of a live connection, started at reauthStartNs. */
        boolean reauthenticating;
        long reauthStartNs;
        /** The last connection failed authentication with this; null otherwise. */
        AuthenticationFailedException authFailure;
        /** TLS handshakes of this node that ended because the peer closed the connection, since its last success. */
        int handshakesClosedByPeerInARow;
        /** The last authentication failure logged at WARN (repeats go to DEBUG). */
        String loggedAuthFailure;
        final ArrayDeque<InFlight> awaitingResponse = new ArrayDeque<>();
        /** Requests that expect no response (acks=0) and are not written yet, in send order. */
        final ArrayDeque<InFlight> awaitingWrite = new ArrayDeque<>();
        long lastActivityNs;

        Node(int id) {
            this.id = id;
        }

        int outstanding() {
            return awaitingResponse.size() + awaitingWrite.size();
        }

        void endSession() {
            exchange = null;
            reauthAtNs = Long.MAX_VALUE;
            sessionEndNs = Long.MAX_VALUE;
            reauthPending = false;
            reauthenticating = false;
        }

        /** The oldest request sent more than timeoutNs ago and still unanswered (or unwritten), or null. */
        InFlight oldestLate(long now, long timeoutNs) {
            InFlight answer = awaitingResponse.peekFirst();
            InFlight write = awaitingWrite.peekFirst();
            InFlight oldest = answer == null || (write != null && write.sentNs - answer.sentNs < 0) ? write : answer;
            return oldest != null && now - oldest.sentNs > timeoutNs ? oldest : null;
        }
    }
}
