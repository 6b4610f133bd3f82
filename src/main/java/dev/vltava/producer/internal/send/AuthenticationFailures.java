package dev.vltava.producer.internal.send;

import dev.vltava.producer.AuthenticationException;
import dev.vltava.producer.SaslAuthenticationException;
import dev.vltava.producer.SslAuthenticationException;
import dev.vltava.producer.internal.network.AuthenticationFailedException;

/** The public exception for a connection's authentication failure: SASL or TLS, same message and cause. */
final class AuthenticationFailures {

    private AuthenticationFailures() {
    }

    static AuthenticationException toPublic(AuthenticationFailedException f) {
        return switch (f.kind()) {
            case SASL -> new SaslAuthenticationException(f.getMessage(), f);
            case TLS -> new SslAuthenticationException(f.getMessage(), f.getCause() != null ? f.getCause() : f);
        };
    }
}
