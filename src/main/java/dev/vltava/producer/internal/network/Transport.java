package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;

/**
 * Frame-level connections to nodes, the seam between the sender loop and the network. A frame is a 4-byte big-endian
 * size followed by that many bytes; the transport knows nothing else about what it carries.
 *
 * <p>Threading: every method is called by ONE thread (the sender thread), except {@link #wakeup()}, which any thread may
 * call. Listener callbacks run on that same thread, only from inside {@link #poll}, and may call back into the transport
 * (send, connect, disconnect) while they run.
 *
 * <p>Tokens: every token given to {@link #send} is handed back exactly once, either in
 * {@link TransportListener#onSendComplete} or in the unsentTokens of {@link TransportListener#onDisconnected}, unless
 * the transport is {@link #close() closed} first (then outstanding tokens are dropped: the owner fails them itself).
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts a non-blocking connect to host:port for nodeId (an int chosen by the caller; bootstrap servers use negative
     * ids). Success is reported by {@link TransportListener#onConnected}, failure (unresolvable host, refused, ...) by
     * {@link TransportListener#onDisconnected}, both in a later {@link #poll}; connect never reports through exceptions.
     * Connect timeouts are the caller's job: it calls {@link #disconnect} when it stops waiting.
     *
     * @throws IllegalStateException    if nodeId already has a connection (connecting or connected): disconnect it first
     * @throws IllegalArgumentException if port is outside 0..65535
     */
    void connect(int nodeId, String host, int port);

    /** True once the connect finished and {@link TransportListener#onConnected} was reported: frames flow now. */
    boolean isConnected(int nodeId);

    /** True between {@link #connect} and the onConnected (or onDisconnected) report. */
    boolean isConnecting(int nodeId);

    /**
     * Queues one whole frame (the buffers, size prefix included, in order) for writing. Frames are written in order with
     * gathering writes during {@link #poll}; a frame queued while the connection is still connecting is written once it
     * is connected. The buffers' contents, positions and limits are never modified (the transport works on views of the
     * bytes between position and limit as they are now); the caller must not change those bytes until the token comes
     * back. The transport drops its references when the frame is written or the connection is closed.
     *
     * <p>Sending to a node with no connection is not an exception: the token comes back through onDisconnected in the
     * next poll, like any frame that could not be written.
     *
     * @throws IllegalArgumentException if the first 4 bytes do not state the number of bytes that follow them
     */
    void send(int nodeId, ByteBuffer[] frame, Object token);

    /**
     * Waits at most timeoutMs (0 or less = don't block) for I/O readiness, performs reads, writes and connect
     * completions, and reports events to the listener on the calling thread before returning. Returns early on
     * {@link #wakeup()}, and does not block at all when it has events left over from calls made between polls.
     */
    void poll(long timeoutMs, TransportListener listener);

    /**
     * Closes the connection at once (no-op if nodeId has none). isConnected and isConnecting are false immediately and
     * nodeId may be connected again right away. The disconnect and its unsent tokens are reported through
     * onDisconnected from inside a later poll (never from inside this call): the next poll, or the current one when
     * disconnect is called from a listener callback.
     */
    void disconnect(int nodeId);

    /** Makes a blocked (or the next) poll return early; callable from any thread. */
    void wakeup();

    /** Closes every connection without reporting them; queued tokens are dropped. Idempotent. */
    @Override
    void close();
}
