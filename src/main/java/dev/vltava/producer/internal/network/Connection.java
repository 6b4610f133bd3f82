package dev.vltava.producer.internal.network;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One socket to one node, with its outgoing queue and incoming frame state. Used only by the polling thread. */
final class Connection {
    final int nodeId;
    final String host;
    final int port;
    final SocketChannel channel;
    final OutgoingFrames outgoing = new OutgoingFrames();
    final FrameReader reader;
    SelectionKey key;
    /** TLS of this connection, set when the TCP connect completes; null on plaintext connections. */
    TlsSession tls;
    /** The connect (and the TLS handshake, if any) finished and onConnected was reported. */
    boolean connected;
    /** Closed; events already queued for it are dropped or were its last. */
    boolean closed;

    Connection(int nodeId, String host, int port, SocketChannel channel, int maxReceiveFrameBytes) {
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.channel = channel;
        this.reader = new FrameReader(maxReceiveFrameBytes);
    }

    /** "node 1 (broker-1:9092)", the start of every message about this connection. */
    String describe() {
        return describe(nodeId, host, port);
    }

    static String describe(int nodeId, String host, int port) {
        return "node " + nodeId + " (" + host + ":" + port + ")";
    }
}
