package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Receives the events of a {@link Transport}, on the polling thread, from inside {@link Transport#poll}. Callbacks may
 * call back into the transport. They should not throw: an exception propagates out of poll and the remaining events of
 * that poll may be reported only in a later one.
 */
public interface TransportListener {

    /** The connect to nodeId finished; frames can flow. */
    void onConnected(int nodeId);

    /** The frame with this token is fully written to the socket (not yet received or read by the peer). */
    void onSendComplete(int nodeId, Object token);

    /**
     * One whole received frame WITHOUT its 4-byte size prefix: position 0, limit = capacity = the frame size. A fresh
     * heap buffer per frame, never touched by the transport again: the listener may keep it.
     */
    void onReceive(int nodeId, ByteBuffer frame);

    /**
     * The connection failed or was closed (by the peer, an I/O error, a bad frame, {@link Transport#disconnect}, or a
     * failed connect). After this, nothing more is reported for that connection.
     *
     * @param cause        never null; its message names the node and address and says what happened, e.g.
     *                     "node 1 (127.0.0.1:9092): connection refused". Types: {@link java.net.UnknownHostException}
     *                     (host did not resolve), {@link java.net.ConnectException} (connect failed),
     *                     {@link java.io.EOFException} (the peer closed the connection), otherwise IOException.
     * @param unsentTokens tokens of frames not (fully) written, in send order; empty if none; the list is the
     *                     listener's to keep
     */
    void onDisconnected(int nodeId, IOException cause, List<Object> unsentTokens);
}
