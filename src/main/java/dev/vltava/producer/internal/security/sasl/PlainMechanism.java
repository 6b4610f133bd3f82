package dev.vltava.producer.internal.security.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SASL PLAIN (RFC 4616): one message, {@code [authzid] NUL authcid NUL passwd} in UTF-8, with an empty authorization
 * id as Kafka sends it. The server answers with an empty message on success.
 */
public final class PlainMechanism implements SaslClientFactory {
    public static final String NAME = "PLAIN";

    private final CredentialSource credentials;

    public PlainMechanism(String username, String password) {
        check(new UserPassword(username, password));
        this.credentials = CredentialSource.fixed(username, password);
    }

    /** With credentials asked for at each authentication (a {@code SaslCredentialsProvider}). */
    public PlainMechanism(CredentialSource credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    private static void check(UserPassword up) {
        if (up.username().indexOf('\0') >= 0 || up.password().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN username and password must not contain NUL characters");
        }
    }

    @Override
    public void close() {
        credentials.close();
    }

    @Override
    public String mechanism() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(String host) throws SaslMechanismException {
        UserPassword up = credentials.get();
        try {
            check(up);
        } catch (IllegalArgumentException e) {
            throw new SaslMechanismException("PLAIN: " + e.getMessage());
        }
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
                return ("\0" + up.username() + "\0" + up.password()).getBytes(StandardCharsets.UTF_8);
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
        return NAME;
    }
}
