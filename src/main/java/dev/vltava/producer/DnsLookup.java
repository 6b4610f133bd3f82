package dev.vltava.producer;

import java.util.Locale;

/** {@code client.dns.lookup}: how broker host names become addresses to connect to. */
public enum DnsLookup {
    /**
     * Every address of a name is tried: a failed connect moves the next attempt to the name's next address, and
     * the name is resolved again once all have failed. The default.
     */
    USE_ALL_DNS_IPS,
    /**
     * As {@link #USE_ALL_DNS_IPS}, and each {@code bootstrap.servers} name is first replaced by the canonical names
     * of its addresses (useful with Kerberos or TLS host names behind a DNS alias).
     */
    RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY;

    /** {@return the configuration value, e.g. {@code use_all_dns_ips}} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * From a configuration value (lower case, as Kafka accepts it; surrounding blanks are ignored).
     *
     * @param name the {@code client.dns.lookup} value
     * @return the constant
     * @throws IllegalArgumentException if no constant has that name
     */
    public static DnsLookup fromConfigName(String name) {
        for (DnsLookup d : values()) {
            if (d.configName().equals(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
