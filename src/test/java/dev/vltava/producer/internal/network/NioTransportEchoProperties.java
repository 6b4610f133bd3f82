package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Frames of any sizes, cut into any buffers, sent through a loopback echo peer, come back intact and in order. */
class NioTransportEchoProperties {

    @Property(tries = 25)
    void framesSurviveAnEchoRoundTrip(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 150_000) Integer> sizes,
            @ForAll long seed, @ForAll boolean smallSocketBuffers) throws Exception {
        int socketBuffer = smallSocketBuffers ? 4096 : -1;
        Random random = new Random(seed);
        try (NioTransport transport = new NioTransport(socketBuffer, socketBuffer, 1 << 20);
                LoopbackPeer peer = LoopbackPeer.listen(socketBuffer)) {
            transport.connect(1, "127.0.0.1", peer.port());
            SocketChannel accepted = peer.accept();
            Thread echo = new Thread(() -> echo(accepted), "echo");
            echo.start();
            RecordingListener listener = new RecordingListener();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                byte[] body = NioTransportTest.randomBytes(random, sizes.get(i));
                bodies.add(body);
                transport.send(1, NioTransportTest.split(body, random, 4), i);
            }
            NioTransportTest.pollUntil(transport, listener, () -> listener.received.size() == bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                assertArrayEquals(bodies.get(i), listener.received.get(i).bytes(), "frame " + i);
                assertEquals(i, listener.completedTokens.get(i));
            }
            transport.close();
            echo.join();
        }
    }

    /** Writes back everything it reads, until the client closes. */
    private static void echo(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // the test closed the connection
        }
    }
}
