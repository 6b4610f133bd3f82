package dev.vltava.producer.internal.security.sasl;

/**
 * Where PLAIN and SCRAM take the user name and password for each authentication: fixed ones (from the JAAS line) or
 * a user's {@code SaslCredentialsProvider}, asked anew each time a connection authenticates.
 */
@FunctionalInterface
public interface CredentialSource {

    /** The credentials for the next exchange; a failure names its cause, never a secret. */
    UserPassword get() throws SaslMechanismException;

    /** Releases the user's provider behind this source, if any. */
    default void close() {
    }

    /** Always the same credentials. */
    static CredentialSource fixed(String username, String password) {
        UserPassword up = new UserPassword(username, password);
        return () -> up;
    }
}
