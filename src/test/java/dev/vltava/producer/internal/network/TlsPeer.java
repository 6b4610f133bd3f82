package dev.vltava.producer.internal.network;

import dev.vltava.producer.testkit.TestCertificates;
import dev.vltava.producer.testkit.TestCertificates.Identity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-JVM TLS server for transport tests, on a test thread: accepts one connection on 127.0.0.1, runs the
 * handshake (blocking {@link SSLSocket}), then echoes every size-prefixed frame it receives until the client closes.
 * {@link #handshake} completes when the server side finished its handshake (with the client certificate's subject,
 * or "" without one), or exceptionally with the server's own failure.
 */
final class TlsPeer implements AutoCloseable {

    final CompletableFuture<String> handshake = new CompletableFuture<>();
    /** Completes when the connection ended: normally (the client closed) or with the failure. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final ServerSocket server;
    private final Thread thread;
    private volatile Socket accepted;

    /** Settings of the server side. */
    record Options(Identity identity, boolean needClientAuth, String[] protocols) {
        static Options of(Identity identity) {
            return new Options(identity, false, null);
        }

        Options clientAuth() {
            return new Options(identity, true, protocols);
        }

        Options protocols(String... only) {
            return new Options(identity, needClientAuth, only);
        }
    }

    private TlsPeer(ServerSocket server) {
        this.server = server;
        this.thread = new Thread(this::serve, "tls-peer");
        this.thread.setDaemon(true);
    }

    static TlsPeer start(Options options) throws Exception {
        SSLServerSocket server = (SSLServerSocket) serverContext(options.identity())
                .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setNeedClientAuth(options.needClientAuth());
        if (options.protocols() != null) {
            server.setEnabledProtocols(options.protocols());
        }
        TlsPeer peer = new TlsPeer(server);
        peer.thread.start();
        return peer;
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            accepted = socket;
            SSLSocket tls = (SSLSocket) socket;
            try {
                tls.startHandshake();
                String subject = clientSubject(tls);
                handshake.complete(subject);
            } catch (IOException e) {
                handshake.completeExceptionally(e);
                throw e;
            }
            DataInputStream in = new DataInputStream(tls.getInputStream());
            DataOutputStream out = new DataOutputStream(tls.getOutputStream());
            while (true) {
                int size;
                try {
                    size = in.readInt();
                } catch (EOFException e) {
                    break;
                }
                byte[] body = new byte[size];
                in.readFully(body);
                out.writeInt(size);
                out.write(body);
                out.flush();
            }
            ended.complete(null);
        } catch (IOException | RuntimeException e) {
            handshake.completeExceptionally(e);
            ended.completeExceptionally(e);
        }
    }

    private static String clientSubject(SSLSocket tls) {
        try {
            return tls.getSession().getPeerPrincipal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        Socket s = accepted;
        if (s != null) {
            // SSLSocket.close sends close_notify and then reads until the client's close_notify or end of stream; a
            // client that stays open (a transport closed after the peer) would block that read for ever.
            // The serving thread may close the socket itself (a failed handshake) between any check and this call.
            try {
                s.setSoTimeout(1_000);
            } catch (java.net.SocketException alreadyClosed) {
                // nothing to bound: close() below returns at once
            }
            s.close();
        }
        server.close();
        thread.join(10_000);
    }

    private static KeyStore load(java.nio.file.Path file, String type, String password) throws Exception {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return store;
        }
    }

    static SSLContext serverContext(Identity identity) throws Exception {
        KeyStore keys = load(identity.keystorePkcs12(), "PKCS12", TestCertificates.KEYSTORE_PASSWORD);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, TestCertificates.KEY_PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(TestCertificates.shared().ca().truststorePkcs12(), "PKCS12",
                TestCertificates.TRUSTSTORE_PASSWORD));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
