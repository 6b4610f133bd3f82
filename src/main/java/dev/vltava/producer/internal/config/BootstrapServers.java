package dev.vltava.producer.internal.config;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.ProducerConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates {@code bootstrap.servers} entries: {@code host:port} with IPv6 literals in brackets
 * ({@code [::1]:9092}). Names are not resolved here, so building a config never blocks on DNS.
 */
public final class BootstrapServers {

    /** Host names and IPv4 literals; underscores are tolerated because some container hosts use them. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%A-Za-z]+");

    private BootstrapServers() {
    }

    /** Parses every entry or throws a {@link ConfigException} naming the bad one. */
    public static List<InetSocketAddress> parse(List<String> entries) {
        String key = ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;
        if (entries.isEmpty()) {
            throw new ConfigException(List.of(key),
                    "Missing required configuration '" + key + "': give at least one host:port");
        }
        List<InetSocketAddress> out = new ArrayList<>(entries.size());
        for (String entry : entries) {
            out.add(parseEntry(key, entry));
        }
        return List.copyOf(out);
    }

    private static InetSocketAddress parseEntry(String key, String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || entry.endsWith("]") || colon == entry.length() - 1) {
            throw ConfigException.invalidValue(key, entry, "each entry must be host:port, e.g. localhost:9092");
        }
        String host = entry.substring(0, colon);
        String portText = entry.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!IPV6.matcher(host).matches()) {
                throw ConfigException.invalidValue(key, entry, "not a valid bracketed IPv6 address");
            }
        } else if (host.indexOf(':') >= 0) {
            throw ConfigException.invalidValue(key, entry,
                    "IPv6 addresses must be in brackets, e.g. [::1]:9092");
        } else if (!HOST.matcher(host).matches()) {
            throw ConfigException.invalidValue(key, entry, "the host contains characters not allowed in a host name");
        }
        return InetSocketAddress.createUnresolved(host, parsePort(key, entry, portText));
    }

    private static int parsePort(String key, String entry, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw ConfigException.invalidValue(key, entry, "the port must be a number between 1 and 65535");
        }
        if (port < 1 || port > 65535) {
            throw ConfigException.invalidValue(key, entry, "the port must be between 1 and 65535");
        }
        return port;
    }
}
