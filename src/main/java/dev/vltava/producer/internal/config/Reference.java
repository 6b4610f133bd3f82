package dev.vltava.producer.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ${provider:[path:]key}} reference inside a configuration value. The parts are read as Kafka reads them:
 * the provider name ends at the first colon, the path (optional) at the next one, and the key is the rest up to the
 * closing brace; no part contains a closing brace.
 *
 * @param provider the provider's alias as listed in {@code config.providers}
 * @param path     where the provider looks ("" when the reference has no path)
 * @param key      what it looks up there
 * @param start    index of "${" in the value
 * @param end      index just after the closing "}"
 */
public record Reference(String provider, String path, String key, int start, int end) {

    /** Every reference in {@code value}, left to right; empty if there is none. */
    public static List<Reference> findAll(String value) {
        List<Reference> out = new ArrayList<>(1);
        int from = 0;
        while (true) {
            int open = value.indexOf("${", from);
            if (open < 0) {
                return out;
            }
            int close = value.indexOf('}', open + 2);
            if (close < 0) {
                return out;
            }
            Reference ref = parse(value, open, close);
            if (ref != null) {
                out.add(ref);
                from = close + 1;
            } else {
                from = open + 1;
            }
        }
    }

    private static Reference parse(String value, int open, int close) {
        String inner = value.substring(open + 2, close);
        int colon = inner.indexOf(':');
        if (colon <= 0) {
            return null; // no provider name: not a reference
        }
        String provider = inner.substring(0, colon);
        String rest = inner.substring(colon + 1);
        int second = rest.indexOf(':');
        String path = second < 0 ? "" : rest.substring(0, second);
        String key = second < 0 ? rest : rest.substring(second + 1);
        return new Reference(provider, path, key, open, close + 1);
    }

    /** The reference as written, e.g. {@code ${file:/etc/kafka/secrets.properties:password}}. */
    public String text() {
        return "${" + provider + ":" + (path.isEmpty() ? "" : path + ":") + key + "}";
    }

    /** Only the provider part, {@code ${provider:...}}: for messages about values that may not be references at all. */
    public String providerOnly() {
        return "${" + provider + ":...}";
    }
}
