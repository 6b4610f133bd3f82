package dev.vltava.producer.internal.security.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SASL PLAIN (RFC 4616): one message, {@code [authzid] NUL authcid NUL passwd} in UTF-8, with an empty authorization
 * id as Kafka sends it. The server answers with an empty message on success.
 */
public final class PlainMechanism implements SaslClientFactory {
    public static final String NAME = "PLAIN";

    private final String username;
    private final String password;

    public PlainMechanism(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN username and password must not contain NUL characters");
        }
    }

    @Override
    public String mechanism() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(String host) {
        return new SaslExchange() {
            private boolean sent;
            private boolean complete;

            @Override
            public String mechanism() {
                return NAME;
            }

            @Override
            public byte[] initialResponse() {
                sent = true;
                return ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] evaluate(byte[] challenge) throws SaslMechanismException {
                if (!sent || complete) {
                    throw new SaslMechanismException("PLAIN: unexpected server message");
                }
                complete = true; // the broker answers PLAIN with an empty message, or with an error code
                return null;
            }

            @Override
            public boolean isComplete() {
                return complete;
            }
        };
    }

    @Override
    public String toString() {
        return "PLAIN(username=" + username + ")";
    }
}
