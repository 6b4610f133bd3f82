package dev.vltava.producer.internal.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the address of each connect attempt ({@code client.dns.lookup=use_all_dns_ips}): a node's host name is
 * resolved to all its addresses; an attempt that did not end connected moves the next attempt to the next address;
 * an address that connected is kept for the next attempt; once every address has failed, the name is resolved again
 * (its addresses may have changed). IP literals resolve to themselves without DNS. Used by the polling thread only.
 */
final class NodeAddresses {

    private final HostResolver resolver;
    private final Map<Integer, State> byNode = new HashMap<>();

    NodeAddresses(HostResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The address for a new connect attempt to {@code nodeId}; resolves the name (blocking) when needed.
     *
     * @throws UnknownHostException if the name has no address
     */
    InetSocketAddress next(int nodeId, String host, int port) throws UnknownHostException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        State s = byNode.get(nodeId);
        if (s == null || !s.host.equals(host)) {
            s = new State(host);
            byNode.put(nodeId, s);
        } else if (s.addresses != null && !s.connected) {
            s.index++; // the last attempt never connected: try the next address
        }
        s.connected = false;
        if (s.addresses == null || s.index >= s.addresses.length) {
            s.addresses = null;
            InetAddress[] resolved = resolver.resolve(host);
            if (resolved == null || resolved.length == 0) {
                throw new UnknownHostException(host);
            }
            s.addresses = resolved.clone();
            s.index = 0;
        }
        return new InetSocketAddress(s.addresses[s.index], port);
    }

    /** The attempt for {@code nodeId} connected: its address is kept for the next attempt. */
    void connected(int nodeId) {
        State s = byNode.get(nodeId);
        if (s != null) {
            s.connected = true;
        }
    }

    /** Addresses known for the node's name now (for tests and messages); empty before the first attempt. */
    int addressCount(int nodeId) {
        State s = byNode.get(nodeId);
        return s == null || s.addresses == null ? 0 : s.addresses.length;
    }

    private static final class State {
        final String host;
        InetAddress[] addresses;
        int index;
        boolean connected;

        State(String host) {
            this.host = host;
        }
    }
}
