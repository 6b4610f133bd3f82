package dev.vltava.producer.internal.network;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution, injectable so that tests can give a name several addresses. Production: the JDK's resolver. */
public interface HostResolver {

    /** Every address of {@code host} (at least one), in the resolver's order; blocking. */
    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The canonical (fully qualified) name of an address; its literal text when there is none. Blocking. */
    String canonicalName(InetAddress address);

    /** The JDK's resolver ({@link InetAddress#getAllByName}, {@link InetAddress#getCanonicalHostName}). */
    static HostResolver system() {
        return SystemHostResolver.INSTANCE;
    }
}
