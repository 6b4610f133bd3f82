package dev.vltava.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * What one {@code SSLEngine.wrap} costs in CPU per MB of application data, by the shape of the call: TLS 1.3 with
 * AES-128-GCM or AES-256-GCM, heap or direct source and destination buffers, one source buffer or a gather of several,
 * and how much application data each wrap call is given (a produce request split in small pieces, or whole 16 KiB
 * records). Two engines (client and server) shake hands in memory; then only the client wraps, on this thread, and the
 * thread's CPU time (not wall time: the machine is shared) is measured per round; the median of many rounds is
 * reported with its spread (min-max of the rounds), so the noise is visible.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.TlsWrapCost [--rounds N] [--mb-per-round N]
 *        [--only SUBSTRING] [--unwrap] [--socket] [--cold-mb N]
 * </pre>
 * {@code --only} runs the variants whose name contains the text (for a JFR or -XX:+PrintCompilation run of one
 * variant); {@code --unwrap} measures the server's unwrap of what the client wrapped instead of the wrap;
 * {@code --socket} writes each wrapped record to a loopback TCP connection and counts the write too (a heap buffer is
 * copied into the JDK's temporary direct buffer there, a direct one is not); {@code --cold-mb N} measures the first N
 * MB of a fresh JVM, MB by MB (the JIT warm-up of the cipher).
 */
public final class TlsWrapCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * Application bytes of one full TLS 1.3 record as the JDK's engine cuts them: 2^14 less the 16-byte tag and the
     * 1-byte inner content type (so 16 KiB given to one wrap call become a full record and a 17-byte one).
     */
    static final int FULL_RECORD = 16384 - 17;

    private TlsWrapCost() {
    }

    /** One way of calling wrap. */
    record Variant(String suite, boolean directSrc, boolean directDst, int piecesPerCall, int bytesPerCall,
            int netKiB) {
        String name() {
            return String.format(Locale.ROOT, "%s src=%s dst=%s gather=%d bytes/call=%d net=%dK",
                    suite.contains("AES_256") ? "AES256" : "AES128", directSrc ? "direct" : "heap",
                    directDst ? "direct" : "heap", piecesPerCall, bytesPerCall, netKiB);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        int mbPerRound = 16;
        String only = null;
        boolean unwrap = false;
        int coldMb = 0;
        boolean socket = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mb-per-round" -> mbPerRound = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--unwrap" -> unwrap = true;
                case "--cold-mb" -> coldMb = Integer.parseInt(args[++i]);
                case "--socket" -> socket = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("tls-wrap-cost");
        TlsFiles files = TlsFiles.generate(dir);
        SSLContext server = context(files, true);
        SSLContext client = context(files, false);
        List<Variant> variants = new ArrayList<>();
        for (String suite : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")) {
            for (boolean directDst : new boolean[] {false, true}) {
                for (boolean directSrc : new boolean[] {false, true}) {
                    if (socket) {
                        for (int netKiB : new int[] {17, 64, 256}) {
                            variants.add(new Variant(suite, directSrc, directDst, 8, FULL_RECORD / 8 * 8, netKiB));
                        }
                        continue;
                    }
                    for (int bytes : new int[] {FULL_RECORD, 4096, 1024, 256}) {
                        variants.add(new Variant(suite, directSrc, directDst, 1, bytes, 64));
                    }
                    variants.add(new Variant(suite, directSrc, directDst, 8, FULL_RECORD / 8 * 8, 64));
                }
            }
        }
        System.out.println(System.getProperty("java.vm.version") + ", " + (unwrap ? "unwrap" : "wrap")
                + (socket ? " + socket write" : "") + ", CPU ms per MB of application data (this thread), median of " + rounds
                + " rounds [min-max], bytes allocated per MB (median)");
        List<Bench> benches = new ArrayList<>();
        for (Variant v : variants) {
            if (only == null || v.name().contains(only)) {
                benches.add(new Bench(v, client, server, socket ? Loopback.open() : null));
            }
        }
        if (coldMb > 0) {
            cold(benches, coldMb, unwrap);
            return;
        }
        long perRound = (long) mbPerRound << 20;
        // Rounds interleave the variants (round r of every variant, then round r+1), so that the machine's load
        // spreads over all of them; the first rounds warm the JIT up and are not counted.
        int warmup = Math.max(3, rounds / 3);
        double[][] results = new double[benches.size()][rounds];
        double[][] allocations = new double[benches.size()][rounds];
        for (int r = -warmup; r < rounds; r++) {
            for (int b = 0; b < benches.size(); b++) {
                double msPerMb = benches.get(b).round(perRound, unwrap);
                if (r >= 0) {
                    results[b][r] = msPerMb;
                    allocations[b][r] = benches.get(b).allocatedPerMb;
                }
            }
        }
        for (int b = 0; b < benches.size(); b++) {
            double[] sorted = results[b].clone();
            Arrays.sort(sorted);
            double[] alloc = allocations[b].clone();
            Arrays.sort(alloc);
            System.out.printf(Locale.ROOT, "%-70s %7.3f [%.3f-%.3f] %8.0f B/MB allocated%n", benches.get(b).v.name(),
                    sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], alloc[alloc.length / 2]);
        }
    }

    /**
     * From a cold JIT (run in a fresh JVM, one variant): the CPU of the first N MB, MB by MB, until the JIT has
     * compiled the cipher's callers (until then the JDK 17 GHASH runs its Java multiply, not the intrinsic).
     */
    private static void cold(List<Bench> benches, int mb, boolean unwrap) throws Exception {
        for (Bench b : benches) {
            double total = 0;
            StringBuilder perMb = new StringBuilder();
            for (int i = 0; i < mb; i++) {
                double ms = b.round(1 << 20, unwrap);
                total += ms;
                if (i < 8 || i % 8 == 0 || i == mb - 1) {
                    perMb.append(String.format(Locale.ROOT, " %d:%.2f", i + 1, ms));
                }
            }
            System.out.printf(Locale.ROOT, "%-62s cold: %.1f ms for the first %d MB; ms per MB:%s%n", b.v.name(), total,
                    mb, perMb);
        }
    }

    /** One variant's engines and buffers; {@link #round} wraps (or unwraps) one round's worth and returns CPU ms/MB. */
    private static final class Bench {
        final Variant v;
        final SSLEngine client;
        final SSLEngine server;
        final ByteBuffer net;
        final ByteBuffer[] srcs;
        final ByteBuffer app;
        final int callBytes;
        final SocketChannel socket;

        Bench(Variant v, SSLContext clientCtx, SSLContext serverCtx, SocketChannel socket) throws Exception {
            this.v = v;
            this.socket = socket;
            client = clientCtx.createSSLEngine("localhost", 9093);
            client.setUseClientMode(true);
            SSLParameters p = client.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setCipherSuites(new String[] {v.suite()});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            client.setSSLParameters(p);
            server = serverCtx.createSSLEngine();
            server.setUseClientMode(false);
            handshake(client, server);
            if (!v.suite().equals(client.getSession().getCipherSuite())) {
                throw new IllegalStateException("negotiated " + client.getSession().getCipherSuite());
            }
            int packet = client.getSession().getPacketBufferSize();
            int netBytes = Math.max(packet, v.netKiB() << 10);
            net = v.directDst() ? ByteBuffer.allocateDirect(netBytes) : ByteBuffer.allocate(netBytes);
            srcs = new ByteBuffer[v.piecesPerCall()];
            int piece = v.bytesPerCall() / v.piecesPerCall();
            for (int i = 0; i < srcs.length; i++) {
                srcs[i] = v.directSrc() ? ByteBuffer.allocateDirect(piece) : ByteBuffer.allocate(piece);
                byte[] fill = new byte[piece];
                Arrays.fill(fill, (byte) (31 * i + 7));
                srcs[i].put(fill).flip();
            }
            callBytes = piece * srcs.length;
            int appBytes = server.getSession().getApplicationBufferSize() * 4;
            app = v.directDst() ? ByteBuffer.allocateDirect(appBytes) : ByteBuffer.allocate(appBytes);
        }

        /** Bytes this thread allocated per MB in the last round (inside the measured calls only). */
        double allocatedPerMb;

        double round(long bytes, boolean unwrap) throws Exception {
            return unwrap ? unwrapRound(bytes) : wrapRound(bytes);
        }

        /** Wraps into net until it has no room for another record, then writes it (with --socket) and starts over. */
        private double wrapRound(long bytes) throws Exception {
            int packet = client.getSession().getPacketBufferSize();
            long cpu = 0;
            long allocated = 0;
            long done = 0;
            while (done < bytes) {
                net.clear();
                long t0 = THREADS.getCurrentThreadCpuTime();
                long a0 = ALLOCATION.getCurrentThreadAllocatedBytes();
                do {
                    for (ByteBuffer b : srcs) {
                        b.rewind();
                    }
                    SSLEngineResult res = client.wrap(srcs, 0, srcs.length, net);
                    if (res.getStatus() != SSLEngineResult.Status.OK || res.bytesConsumed() != callBytes) {
                        throw new IllegalStateException(v.name() + ": " + res);
                    }
                    done += res.bytesConsumed();
                } while (net.remaining() >= packet && done < bytes);
                if (socket != null) {
                    net.flip();
                    while (net.hasRemaining()) {
                        socket.write(net); // blocking; a heap buffer goes through the JDK's temporary direct buffer
                    }
                }
                allocated += ALLOCATION.getCurrentThreadAllocatedBytes() - a0;
                cpu += THREADS.getCurrentThreadCpuTime() - t0;
            }
            double mb = done / (double) (1 << 20);
            allocatedPerMb = allocated / mb;
            return cpu / 1e6 / mb;
        }

        /** The server unwraps each record the client wrapped; only the unwrap is measured. */
        private double unwrapRound(long bytes) throws Exception {
            long cpu = 0;
            long allocated = 0;
            long done = 0;
            while (done < bytes) {
                for (ByteBuffer b : srcs) {
                    b.rewind();
                }
                net.clear();
                SSLEngineResult res = client.wrap(srcs, 0, srcs.length, net);
                if (res.getStatus() != SSLEngineResult.Status.OK || res.bytesConsumed() != callBytes) {
                    throw new IllegalStateException(v.name() + ": " + res);
                }
                net.flip();
                app.clear();
                long t0 = THREADS.getCurrentThreadCpuTime();
                long a0 = ALLOCATION.getCurrentThreadAllocatedBytes();
                SSLEngineResult u = server.unwrap(net, app);
                allocated += ALLOCATION.getCurrentThreadAllocatedBytes() - a0;
                cpu += THREADS.getCurrentThreadCpuTime() - t0;
                if (u.bytesProduced() != callBytes) {
                    throw new IllegalStateException(v.name() + ": unwrap " + u);
                }
                done += u.bytesProduced();
            }
            double mb = done / (double) (1 << 20);
            allocatedPerMb = allocated / mb;
            return cpu / 1e6 / mb;
        }
    }

    /** A loopback TCP connection whose far end a daemon thread drains (to measure wrap plus the socket write). */
    private static final class Loopback {
        static SocketChannel open() throws IOException {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel far = listener.accept();
                Thread drain = new Thread(() -> {
                    ByteBuffer sink = ByteBuffer.allocateDirect(1 << 18);
                    try {
                        while (far.read(sink.clear()) >= 0) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // the JVM exits
                    }
                }, "drain");
                drain.setDaemon(true);
                drain.start();
                return client;
            }
        }
    }

    private static void handshake(SSLEngine c, SSLEngine s) throws Exception {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer cToS = ByteBuffer.allocate(c.getSession().getPacketBufferSize() * 4);
        ByteBuffer sToC = ByteBuffer.allocate(s.getSession().getPacketBufferSize() * 4);
        ByteBuffer sink = ByteBuffer.allocate(c.getSession().getApplicationBufferSize() * 4);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean cDone = step(c, empty, cToS, sToC, sink);
            boolean sDone = step(s, empty, sToC, cToS, sink);
            if (cDone && sDone && cToS.position() == 0 && sToC.position() == 0) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish");
    }

    /** One step of one engine: out collects what it sends, in holds what it receives (both in write mode). */
    private static boolean step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws Exception {
        HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_TASK -> {
                Runnable t;
                while ((t = e.getDelegatedTask()) != null) {
                    t.run();
                }
            }
            case NEED_WRAP -> e.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                sink.clear();
                e.unwrap(in, sink);
                in.compact();
            }
            default -> {
                if (in.position() == 0) {
                    return true;
                }
                in.flip(); // after the handshake: the server's session tickets
                sink.clear();
                e.unwrap(in, sink);
                in.compact();
            }
        }
        return false;
    }

    private static SSLContext context(TlsFiles files, boolean server) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (server) {
            KeyStore ks = load(files.keystore(), files.password());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, files.password().toCharArray());
            ctx.init(kmf.getKeyManagers(), null, null);
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(files.truststore(), files.password()));
            ctx.init(null, tmf.getTrustManagers(), null);
        }
        return ctx;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
