package dev.vltava.producer.internal.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link HostResolver} with names given by the test; counts lookups. */
final class FakeResolver implements HostResolver {
    final Map<String, List<InetAddress>> names = new HashMap<>();
    final Map<InetAddress, String> canonical = new HashMap<>();
    final List<String> lookups = new ArrayList<>();

    FakeResolver name(String host, String... ips) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            addresses.add(ip(ip));
        }
        names.put(host, addresses);
        return this;
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<InetAddress> addresses = names.get(host);
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return addresses.toArray(new InetAddress[0]);
    }

    @Override
    public String canonicalName(InetAddress address) {
        return canonical.getOrDefault(address, address.getHostAddress());
    }
}
