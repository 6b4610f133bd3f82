package dev.vltava.producer.internal.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A blocking loopback server for transport tests: one listening socket, one accepted connection at a time. */
final class LoopbackPeer implements AutoCloseable {
    private final ServerSocketChannel server;
    private SocketChannel accepted;

    private LoopbackPeer(ServerSocketChannel server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1 (ephemeral port); receiveBufferBytes > 0 sets SO_RCVBUF, inherited by accepted sockets. */
    static LoopbackPeer listen(int receiveBufferBytes) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        if (receiveBufferBytes > 0) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
        }
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new LoopbackPeer(server);
    }

    /** A port on which nothing listens (bound, then closed); a connect there is refused. */
    static int closedPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Blocks until the client's connection is accepted (the client must have started connecting). */
    SocketChannel accept() throws IOException {
        accepted = server.accept();
        return accepted;
    }

    void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            accepted.write(buffer);
        }
    }

    /** Reads exactly n bytes (blocking). */
    byte[] readFully(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (accepted.read(buffer) < 0) {
                throw new IOException("EOF after " + buffer.position() + " of " + n + " bytes");
            }
        }
        return buffer.array();
    }

    void closeAccepted() throws IOException {
        accepted.close();
    }

    @Override
    public void close() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
        server.close();
    }

    /** A frame: 4-byte big-endian size, then body. */
    static byte[] frameBytes(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
