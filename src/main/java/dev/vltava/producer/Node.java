package dev.vltava.producer;

/**
 * A broker.
 *
 * @param id   the broker's node id
 * @param host the host name (or address) it advertises
 * @param port the port it advertises
 * @param rack the broker's rack, or {@code null}
 */
public record Node(int id, String host, int port, String rack) {

    /** {@return "host:port", with IPv6 literals in brackets} */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
