package dev.vltava.producer.internal.security.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * OAUTHBEARER (RFC 7628), client side: the initial response {@code n,,^Aauth=Bearer <token>^A[key=value^A]...^A}
 * (^A = 0x01) with the token's SASL extensions. The broker answers an accepted token with an empty message; a refused
 * one with an error document, to which the client replies with a single 0x01, after which the broker fails the
 * exchange with SASL_AUTHENTICATION_FAILED (whose message says why).
 */
public final class OAuthBearerMechanism implements SaslClientFactory {
    public static final String NAME = "OAUTHBEARER";
    private static final char SEPARATOR = '\u0001';

    private final TokenCache tokens;
    private final Runnable onClose;

    public OAuthBearerMechanism(TokenCache tokens) {
        this(tokens, () -> { });
    }

    /** {@code onClose}: releases the token provider when the producer closes. */
    public OAuthBearerMechanism(TokenCache tokens, Runnable onClose) {
        this.tokens = tokens;
        this.onClose = onClose;
    }

    @Override
    public void start(String clientId, Runnable wakeup) {
        tokens.start("vltava-producer-oauthbearer-refresh | " + clientId, wakeup);
    }

    @Override
    public boolean isReady() {
        return tokens.isSettled();
    }

    /** Stops the refresh thread, then releases the provider. */
    @Override
    public void close() {
        tokens.close();
        onClose.run();
    }

    @Override
    public String mechanism() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(String host) throws SaslMechanismException {
        OAuthToken token = tokens.current();
        return new SaslExchange() {
            private int step;

            @Override
            public String mechanism() {
                return NAME;
            }

            @Override
            public byte[] initialResponse() {
                step = 1;
                return initialMessage(token);
            }

            @Override
            public byte[] evaluate(byte[] challenge) throws SaslMechanismException {
                if (step == 1 && challenge.length == 0) {
                    step = 3;
                    return null;
                }
                if (step == 1) {
                    step = 2; // the error document: acknowledge it; the broker's error response follows
                    return new byte[] {SEPARATOR};
                }
                throw new SaslMechanismException(NAME + ": unexpected server message");
            }

            @Override
            public boolean isComplete() {
                return step == 3;
            }
        };
    }

    static byte[] initialMessage(OAuthToken token) {
        StringBuilder sb = new StringBuilder("n,,").append(SEPARATOR).append("auth=Bearer ").append(token.value())
                .append(SEPARATOR);
        for (Map.Entry<String, String> e : new TreeMap<>(token.extensions()).entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append(SEPARATOR);
        }
        return sb.append(SEPARATOR).toString().getBytes(StandardCharsets.UTF_8);
    }
}
