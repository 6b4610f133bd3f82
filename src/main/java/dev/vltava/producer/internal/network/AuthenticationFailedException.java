package dev.vltava.producer.internal.network;

import java.io.IOException;

/**
 * A connection ended because authentication failed: the broker refused the SASL exchange (or the client refused the
 * broker's, as a SCRAM signature that does not verify), or the TLS handshake failed. Fatal for the requests that wait
 * on that node: the sender fails them at once instead of retrying (see {@link BrokerClient#authenticationFailure}).
 * The message names the node, its address and the reason, never a credential.
 */
public final class AuthenticationFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Kind { SASL, TLS }

    private final Kind kind;

    public AuthenticationFailedException(Kind kind, String message) {
        this(kind, message, null);
    }

    public AuthenticationFailedException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
