package dev.vltava.producer;

import java.util.Objects;

/**
 * A user name and password for SASL PLAIN or SCRAM, as a {@link SaslCredentialsProvider} returns them.
 * {@link #toString()} never shows the password.
 */
public final class SaslCredentials {
    private final String username;
    private final Password password;

    /**
     * Creates the credentials.
     *
     * @param username the user name, not {@code null}
     * @param password the password, not {@code null}
     */
    public SaslCredentials(String username, Password password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** {@return the user name} */
    public String username() {
        return username;
    }

    /** {@return the password (its toString() hides it)} */
    public Password password() {
        return password;
    }

    @Override
    public String toString() {
        return "SaslCredentials[username=" + username + ", password=" + Password.HIDDEN + "]";
    }
}
