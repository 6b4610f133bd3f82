package dev.vltava.producer.internal.network;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@link HostResolver} over the JDK (its DNS cache settings apply: networkaddress.cache.ttl). */
enum SystemHostResolver implements HostResolver {
    INSTANCE;

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    @Override
    public String canonicalName(InetAddress address) {
        return address.getCanonicalHostName();
    }
}
