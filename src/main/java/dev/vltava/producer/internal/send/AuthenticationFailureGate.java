package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.network.AuthenticationFailedException;
import dev.vltava.producer.internal.network.BrokerClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides when records waiting on nodes that failed authentication fail. A failure fails what waits at that moment
 * (once per failure, even with reconnect.backoff.ms=0), and what arrives while the node is in reconnect backoff
 * after it; once the backoff has passed, the node is tried again and what arrives waits for that attempt (an
 * administrator may have fixed the credentials, ACLs or certificates). Sender thread only.
 */
final class AuthenticationFailureGate {
    /**
     * The failure last acted on, per node. One map for both checks: the sender asks {@link #forAllNodes} before
     * {@link #forNode} in a turn, and what the first failed (everything queued) the second must not fail again for
     * the same failure once the node may be tried again.
     */
    private final Map<Integer, AuthenticationFailedException> handled = new HashMap<>();
    private final BrokerClient client;

    AuthenticationFailureGate(BrokerClient client) {
        this.client = client;
    }

    /** True if some node is disconnected after an authentication failure (cheap: no node is looked up by id). */
    boolean anyFailure() {
        return client.anyAuthenticationFailure();
    }

    /** The failure to fail the node's queued batches with now, or null. */
    AuthenticationFailedException forNode(int nodeId, long nowNs) {
        AuthenticationFailedException f = client.authenticationFailure(nodeId);
        if (f == null) {
            return null;
        }
        if (handled.get(nodeId) != f || client.reconnectDelayNs(nodeId, nowNs) > 0) {
            handled.put(nodeId, f);
            return f;
        }
        return null;
    }

    /**
     * The failure to fail every record waiting for metadata (and every queued batch) with now, or null: only when
     * every node we know failed authentication on its last connection, and one of those failures is new or none of
     * the nodes may be tried again yet.
     */
    AuthenticationFailedException forAllNodes(Collection<BrokerAddress> nodes, long nowNs) {
        if (nodes.isEmpty()) {
            return null;
        }
        AuthenticationFailedException last = null;
        boolean fresh = false;
        boolean allInBackoff = true;
        for (BrokerAddress b : nodes) {
            AuthenticationFailedException f = client.authenticationFailure(b.nodeId());
            if (f == null) {
                return null;
            }
            fresh |= handled.get(b.nodeId()) != f;
            allInBackoff &= client.reconnectDelayNs(b.nodeId(), nowNs) > 0;
            last = f;
        }
        if (!fresh && !allInBackoff) {
            return null;
        }
        for (BrokerAddress b : nodes) {
            handled.put(b.nodeId(), client.authenticationFailure(b.nodeId()));
        }
        return last;
    }
}
