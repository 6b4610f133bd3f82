package dev.vltava.producer.internal.security.sasl;

import java.util.Objects;

/** A PLAIN/SCRAM user name and password. {@link #toString()} hides the password. */
public record UserPassword(String username, String password) {

    public UserPassword {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "UserPassword[username=" + username + ", password=[hidden]]";
    }
}
