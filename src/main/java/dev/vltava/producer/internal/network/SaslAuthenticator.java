package dev.vltava.producer.internal.network;

import dev.vltava.producer.internal.network.BrokerClient.Node;
import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.protocol.SaslAuthenticateRequest;
import dev.vltava.producer.internal.protocol.SaslAuthenticateResponse;
import dev.vltava.producer.internal.protocol.SaslHandshakeRequest;
import dev.vltava.producer.internal.protocol.SaslHandshakeResponse;
import dev.vltava.producer.internal.protocol.UnsupportedVersionException;
import dev.vltava.producer.internal.security.sasl.SaslClientFactory;
import dev.vltava.producer.internal.security.sasl.SaslMechanismException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL part of {@link BrokerClient}: after ApiVersions, SaslHandshake v1 naming the mechanism, then
 * SaslAuthenticate rounds until the mechanism is satisfied, then the connection is ready; a failure closes it with an
 * {@link AuthenticationFailedException} naming the node and the reason. KIP-368: when the broker gave the session a
 * lifetime, the connection stops taking new requests at 85-95 % of it, lets those in flight finish and authenticates
 * again; one whose session ends first is closed. Sender thread only.
 */
final class SaslAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClient.class); // one logger for the client

    private final BrokerClient client;
    private final SaslClientFactory factory;
    private final RandomGenerator random;

    SaslAuthenticator(BrokerClient client, SaslClientFactory factory, RandomGenerator random) {
        this.client = client;
        this.factory = factory;
        this.random = random;
    }

    /**
     * KIP-368: marks connections whose re-authentication is due (no new requests), starts it once their requests
     * have ended, and closes those whose session has ended first. Returns milliseconds until the next such moment.
     */
    long maintainSessions(Collection<Node> nodes, long now) {
        long nextNs = Long.MAX_VALUE;
        List<Node> expired = null;
        for (Node n : nodes) {
            if (n.awaitingMechanism && n.state == ConnectionState.AUTHENTICATING) {
                if (factory.isReady()) {
                    start(n, now); // the token has come (or its failure, which start reports)
                }
                continue;
            }
            if (n.sessionEndNs == Long.MAX_VALUE
                    || (n.state != ConnectionState.READY && n.state != ConnectionState.AUTHENTICATING)) {
                continue;
            }
            if (now - n.sessionEndNs >= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(n);
                continue;
            }
            if (n.state == ConnectionState.READY) {
                if (!n.reauthPending && now - n.reauthAtNs >= 0) {
                    LOG.debug("re-authenticating with {} before its SASL session ends", n.address);
                    n.reauthPending = true;
                }
                if (n.reauthPending && n.outstanding() == 0) {
                    n.reauthPending = false;
                    n.reauthenticating = true;
                    n.reauthStartNs = now;
                    start(n, now);
                } else if (!n.reauthPending) {
                    nextNs = Math.min(nextNs, n.reauthAtNs - now);
                }
            }
            nextNs = Math.min(nextNs, n.sessionEndNs - now);
        }
        if (expired != null) {
            for (Node n : expired) {
                client.closeNode(n, new IOException("the SASL session with " + n.address + " ended before it could "
                        + "be re-authenticated (requests in flight did not finish in time)"), now);
            }
        }
        return nextNs == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(Math.max(0, nextNs)) + 1;
    }

    /** SaslHandshake v1 (or v0 if that is all the broker has), then the exchange; also for re-authentication. */
    void start(Node n, long now) {
        n.state = ConnectionState.AUTHENTICATING;
        n.exchange = null;
        n.awaitingMechanism = !factory.isReady();
        if (n.awaitingMechanism) {
            // OAUTHBEARER before its first token: wait without blocking; the refresh thread wakes us (maintainSessions)
            LOG.debug("{} waits for the {} credentials before authenticating", n.address, factory.mechanism());
            return;
        }
        short version;
        try {
            version = (short) Math.min(1, n.versions.usableVersion(ApiKey.SASL_HANDSHAKE));
        } catch (UnsupportedVersionException e) {
            failAuthentication(n, "the broker does not offer SaslHandshake (is this a SASL listener?)", now);
            return;
        }
        if (version < 1) {
            failAuthentication(n, "the broker offers only SaslHandshake v0 (raw SASL tokens, brokers before Kafka "
                    + "1.0), which Vltava does not speak", now);
            return;
        }
        client.doSend(n, new SaslHandshakeRequest(factory.mechanism()), version, true,
                saslHandler(n, (body, v, t) -> handleHandshake(n, SaslHandshakeResponse.parse(body, v), t)), now);
    }

    private void handleHandshake(Node n, SaslHandshakeResponse r, long now) {
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        if (code == ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
            failAuthentication(n, "the broker does not enable SASL mechanism " + factory.mechanism()
                    + " (UNSUPPORTED_SASL_MECHANISM); it enables " + r.mechanisms(), now);
            return;
        }
        if (code != ErrorCode.NONE) {
            failAuthentication(n, "SaslHandshake failed with " + code.name() + ": " + code.message(), now);
            return;
        }
        byte[] first;
        try {
            n.exchange = factory.newExchange(n.address.host());
            first = n.exchange.initialResponse();
        } catch (SaslMechanismException e) {
            failAuthentication(n, e.getMessage(), now);
            return;
        }
        sendAuthenticate(n, first, now);
    }

    private void sendAuthenticate(Node n, byte[] token, long now) {
        short version;
        try {
            version = n.versions.usableVersion(ApiKey.SASL_AUTHENTICATE);
        } catch (UnsupportedVersionException e) {
            failAuthentication(n, "the broker does not offer SaslAuthenticate (brokers before Kafka 1.0 are not "
                    + "supported with SASL)", now);
            return;
        }
        client.doSend(n, new SaslAuthenticateRequest(token), version, true,
                saslHandler(n, (body, v, t) -> handleAuthenticate(n, SaslAuthenticateResponse.parse(body, v), t)),
                now);
    }

    private void handleAuthenticate(Node n, SaslAuthenticateResponse r, long now) {
        ErrorCode code = ErrorCode.forCode(r.errorCode());
        if (code != ErrorCode.NONE) {
            String brokerMessage = r.errorMessage() == null || r.errorMessage().isEmpty() ? code.message()
                    : r.errorMessage();
            failAuthentication(n, code.name() + ": " + brokerMessage, now);
            return;
        }
        byte[] next;
        try {
            next = n.exchange.evaluate(r.authBytes());
        } catch (SaslMechanismException e) {
            failAuthentication(n, e.getMessage(), now);
            return;
        }
        if (next != null) {
            sendAuthenticate(n, next, now);
            return;
        }
        if (!n.exchange.isComplete()) {
            failAuthentication(n, "the " + factory.mechanism() + " exchange ended before it was complete", now);
            return;
        }
        n.exchange = null;
        boolean reauthentication = n.reauthenticating; // endSession() below forgets it
        n.reauthenticating = false;
        long lifetimeMs = r.sessionLifetimeMs();
        if (lifetimeMs > 0) {
            long lifetimeNs = TimeUnit.MILLISECONDS.toNanos(lifetimeMs);
            n.sessionEndNs = now + lifetimeNs;
            n.reauthAtNs = now + (long) (lifetimeNs * (0.85 + 0.10 * random.nextDouble()));
        } else {
            n.endSession();
        }
        if (reauthentication) {
            LOG.info("re-authenticated with {} ({}, session lifetime {} ms)", n.address, factory.mechanism(),
                    lifetimeMs);
            client.markReauthenticated(n, now);
        } else {
            LOG.debug("authenticated with {} ({}{})", n.address, factory.mechanism(),
                    lifetimeMs > 0 ? ", session lifetime " + lifetimeMs + " ms" : "");
            client.markReady(n);
        }
    }

    private void failAuthentication(Node n, String reason, long now) {
        String message = "SASL authentication with " + BrokerClient.describe(n) + " failed: " + reason;
        client.closeNode(n, new AuthenticationFailedException(AuthenticationFailedException.Kind.SASL, message), now);
    }

    /** A SASL response step; a ProtocolException it throws closes the connection (as for any response). */
    private interface SaslStep {
        void accept(ByteBuffer body, short version, long now);
    }

    private ResponseHandler saslHandler(Node n, SaslStep step) {
        return new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer body, short v, long nowNs) {
                step.accept(body, v, nowNs);
            }

            @Override
            public void onFailure(Exception cause, long nowNs) {
                // the connection is already being closed by whoever failed the request
            }
        };
    }
}
