package dev.vltava.producer.internal.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client.dns.lookup=resolve_canonical_bootstrap_servers_only}: each bootstrap name is replaced by the canonical
 * names of all its addresses (each with the entry's port, without duplicates), so that TLS host-name checks and
 * Kerberos see the real host names behind an alias. Resolves when the producer is created (blocking DNS, as the
 * official client). A name that does not resolve is kept as given, with a warning: connecting to it reports the
 * failure later, and the producer can still start while DNS is down.
 */
public final class CanonicalBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(CanonicalBootstrap.class);

    private CanonicalBootstrap() {
    }

    /** The expanded list (unresolved socket addresses: names only, resolved again when connecting). */
    public static List<InetSocketAddress> expand(List<InetSocketAddress> bootstrap, HostResolver resolver) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (InetSocketAddress entry : bootstrap) {
            String host = entry.getHostString();
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                LOG.warn("Bootstrap server {}:{} does not resolve; kept as given (client.dns.lookup="
                        + "resolve_canonical_bootstrap_servers_only)", host, entry.getPort());
                out.add(entry);
                continue;
            }
            for (InetAddress address : addresses) {
                String canonical = resolver.canonicalName(address);
                out.add(InetSocketAddress.createUnresolved(canonical, entry.getPort()));
            }
        }
        return new ArrayList<>(out);
    }
}
