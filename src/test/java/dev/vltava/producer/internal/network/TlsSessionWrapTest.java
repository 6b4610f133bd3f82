package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.internal.security.DefaultSslEngineFactory;
import dev.vltava.producer.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shape of what {@link TlsSession#wrap} writes: how many TLS records one socket write carries and how full they
 * are (each record costs the cipher a fixed setup, each write a system call), and the kind of record buffers the pools
 * hand out (heap: the JDK's AES-GCM copies direct buffers through scratch arrays it allocates per record). The client
 * engine shakes hands in memory with a server engine; the wrapped bytes go through a loopback socket and are unwrapped
 * by the server to check them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsSessionWrapTest {

    private static final TestCertificates CERTS = TestCertificates.shared();
    /** Least application bytes of a full TLS 1.3 record as the JDK cuts them (16 KiB less tag and content type). */
    private static final int FULL_RECORD_DATA = 16384 - 17;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void poolsHandOutHeapBuffersOfTheirSize() {
        TlsBufferPool write = new TlsBufferPool(TlsBufferPool.WRITE_BUFFER_BYTES, 2);
        ByteBuffer buffer = write.acquire(17 * 1024);
        assertFalse(buffer.isDirect(), "the JDK's AES-GCM encrypts a heap buffer in place, copies a direct one");
        assertEquals(TlsBufferPool.WRITE_BUFFER_BYTES, buffer.capacity());
        write.release(buffer);
        assertEquals(1, write.idle());
        assertTrue(write.acquire(1) == buffer, "reused");
        assertFalse(write.acquire(TlsBufferPool.WRITE_BUFFER_BYTES + 1).isDirect(), "larger than pooled: heap too");
        assertEquals(2, write.outstanding());
        assertFalse(new TlsBufferPool(TlsBufferPool.READ_BUFFER_BYTES, 2).acquire(1).isDirect());
    }

    @Test
    void oneWriteCarriesManyFullRecordsAndThePeerReadsThemBack() throws Exception {
        SSLEngine client = clientEngine();
        SSLEngine server = TlsPeer.serverContext(CERTS.broker()).createSSLEngine();
        server.setUseClientMode(false);
        handshakeInMemory(client, server);
        TlsSession tls = new TlsSession(client, new TlsBufferPool(TlsBufferPool.READ_BUFFER_BYTES, 2),
                new TlsBufferPool(TlsBufferPool.WRITE_BUFFER_BYTES, 2));

        // 1 MiB of frames as the transport gathers them: many buffers of uneven sizes.
        byte[] data = new byte[1 << 20];
        new Random(13).nextBytes(data);
        ByteBuffer[] srcs = new ByteBuffer[40];
        int chunk = data.length / srcs.length;
        for (int i = 0; i < srcs.length; i++) {
            int from = i * chunk;
            int to = i == srcs.length - 1 ? data.length : from + chunk;
            srcs[i] = ByteBuffer.wrap(data, from, to - from);
        }
        long consumed = tls.wrap(srcs, 0, srcs.length);

        SocketChannel[] pair = loopbackPair();
        assertTrue(tls.flushAll(pair[0]), "a blocking socket takes the whole buffer");
        assertFalse(tls.hasPendingOutput());
        pair[0].shutdownOutput(); // all of it is out: the peer reads up to the end of the stream
        ByteBuffer wire = readToEnd(pair[1]);
        List<Integer> recordLengths = recordLengths(wire);

        // One flush, one socket write: at least 12 records (the 64 KiB buffer of before gave 3), all full.
        assertTrue(recordLengths.size() >= 12, "records in one write: " + recordLengths.size());
        for (int length : recordLengths) {
            assertEquals(recordLengths.get(0), length, "every record the same (full) size: " + recordLengths);
        }
        assertTrue(consumed >= (long) recordLengths.size() * FULL_RECORD_DATA, consumed + " bytes in "
                + recordLengths.size() + " records: not full");

        ByteBuffer plain = ByteBuffer.allocate((int) consumed + server.getSession().getApplicationBufferSize());
        while (wire.hasRemaining()) {
            SSLEngineResult result = server.unwrap(wire, plain);
            assertEquals(SSLEngineResult.Status.OK, result.getStatus());
        }
        byte[] expected = new byte[(int) consumed];
        System.arraycopy(data, 0, expected, 0, expected.length);
        byte[] actual = new byte[plain.flip().remaining()];
        plain.get(actual);
        assertArrayEquals(expected, actual, "the peer reads back what was wrapped, in order");
        tls.release();
    }

    private static ByteBuffer readToEnd(SocketChannel in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (in.read(chunk.clear()) >= 0) {
            bytes.write(chunk.array(), 0, chunk.position());
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    /** The length field of each TLS record in wire (which holds whole records only). */
    private static List<Integer> recordLengths(ByteBuffer wire) {
        List<Integer> lengths = new ArrayList<>();
        int next = 0;
        while (next < wire.limit()) {
            assertEquals(23, wire.get(next), "application_data records only");
            int length = wire.getShort(next + 3) & 0xffff;
            lengths.add(length);
            next += 5 + length;
        }
        assertEquals(wire.limit(), next, "whole records");
        return lengths;
    }

    private SocketChannel[] loopbackPair() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel out = SocketChannel.open(listener.getLocalAddress());
            toClose.add(out);
            SocketChannel in = listener.accept();
            toClose.add(in);
            return new SocketChannel[] {out, in};
        }
    }

    private static SSLEngine clientEngine() {
        Map<String, Object> props = new HashMap<>(NioTransportTlsTest.trustCa());
        props.put("bootstrap.servers", "localhost:9093");
        props.put("security.protocol", "SSL");
        return new DefaultSslEngineFactory(ProducerConfig.from(props).security().ssl())
                .createClientSslEngine("localhost", 9093);
    }

    /** Both engines' handshake (and the server's session tickets) through in-memory buffers. */
    private static void handshakeInMemory(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer scratch = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean clientIdle = step(client, toServer, toClient, scratch);
            boolean serverIdle = step(server, toClient, toServer, scratch);
            if (clientIdle && serverIdle) {
                assertEquals("TLSv1.3", client.getSession().getProtocol());
                return;
            }
        }
        throw new AssertionError("the in-memory handshake did not finish");
    }

    /** One step of one engine; true if it has nothing to do and nothing waits for it. */
    private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer scratch)
            throws Exception {
        HandshakeStatus status = engine.getHandshakeStatus();
        switch (status) {
            case NEED_TASK -> {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                return false;
            }
            case NEED_WRAP -> {
                engine.wrap(ByteBuffer.allocate(0), out);
                return false;
            }
            default -> {
                if (in.position() == 0) {
                    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
                }
                in.flip();
                scratch.clear();
                engine.unwrap(in, scratch);
                in.compact();
                return false;
            }
        }
    }
}
