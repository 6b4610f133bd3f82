package dev.vltava.producer;

import java.util.Objects;

/**
 * A user name and password for SASL PLAIN or SCRAM, as a {@link SaslCredentialsProvider} returns them.
 * {@link #toString()} never shows the password.
 */
public final class SaslCredentials {
    private final String username;
    private final Password password;

    public SaslCredentials(String username, Password password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String username() {
        return username;
    }

    public Password password() {
        return password;
    }

    @Override
    public String toString() {
        return "SaslCredentials[username=" + username + ", password=" + Password.HIDDEN + "]";
    }
}
