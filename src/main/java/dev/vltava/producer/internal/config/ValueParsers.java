package dev.vltava.producer.internal.config;

import static dev.vltava.producer.ProducerConfig.ACKS_CONFIG;
import static dev.vltava.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG;
import static dev.vltava.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG;

import dev.vltava.producer.Acks;
import dev.vltava.producer.Compression;
import dev.vltava.producer.ConfigException;
import dev.vltava.producer.DnsLookup;
import dev.vltava.producer.MetricsRecordingLevel;
import dev.vltava.producer.ProducerConfig;

/** Parsers for the keys whose values are not plain numbers, booleans or lists. */
public final class ValueParsers {

    private ValueParsers() {
    }

    /** {@code acks}: "all", "-1", "0", "1" as Kafka accepts, or a Number -1/0/1, or an {@link Acks}. */
    public static Acks acks(Object given) {
        Object raw = given != null ? given : Settings.get(ACKS_CONFIG).defaultValue();
        if (raw instanceof Acks a) {
            return a;
        }
        String text = raw instanceof Integer || raw instanceof Short || raw instanceof Byte || raw instanceof Long
                ? raw.toString()
                : raw instanceof String s ? s.trim() : null;
        if (text != null) {
            switch (text) {
                case "all", "-1":
                    return Acks.ALL;
                case "0":
                    return Acks.NONE;
                case "1":
                    return Acks.LEADER;
                default:
                    break;
            }
        }
        throw ConfigException.invalidValue(ACKS_CONFIG, raw, "must be " + Settings.get(ACKS_CONFIG).validator().describe());
    }

    /** {@code compression.type}: none, gzip, snappy, lz4, zstd (lower case, as Kafka), or a {@link Compression}. */
    public static Compression compression(Object given) {
        Object raw = given != null ? given : Settings.get(COMPRESSION_TYPE_CONFIG).defaultValue();
        if (raw instanceof Compression c) {
            return c;
        }
        if (raw instanceof String s) {
            try {
                return Compression.fromConfigName(s.trim());
            } catch (IllegalArgumentException e) {
                // fall through to the error naming the key
            }
        }
        throw ConfigException.invalidValue(COMPRESSION_TYPE_CONFIG, raw,
                "must be " + Settings.get(COMPRESSION_TYPE_CONFIG).validator().describe());
    }

    /** {@code client.dns.lookup}: use_all_dns_ips (default) or resolve_canonical_bootstrap_servers_only. */
    public static DnsLookup dnsLookup(ConfigValues v) {
        Object raw = v.isSet(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG) ? v.raw().get(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG)
                : Settings.get(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG).defaultValue();
        if (raw instanceof DnsLookup d) {
            return d;
        }
        if (raw instanceof String s) {
            try {
                return DnsLookup.fromConfigName(s);
            } catch (IllegalArgumentException e) {
                // fall through to the error naming the key
            }
        }
        throw ConfigException.invalidValue(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG, raw,
                "must be one of use_all_dns_ips, resolve_canonical_bootstrap_servers_only");
    }

    /** {@code transactional.id}: null when not set; an empty string is an error, as in Kafka. */
    public static String transactionalId(ConfigValues v) {
        String id = v.stringValue(TRANSACTIONAL_ID_CONFIG, (String) Settings.get(TRANSACTIONAL_ID_CONFIG).defaultValue());
        if (id != null && id.isEmpty()) {
            throw ConfigException.invalidValue(TRANSACTIONAL_ID_CONFIG, id, "must not be empty (leave it unset for "
                    + "a non-transactional producer)");
        }
        return id;
    }

    /** {@code metrics.recording.level}: INFO, DEBUG or TRACE, upper case only (as Kafka), or a {@link MetricsRecordingLevel}. */
    public static MetricsRecordingLevel recordingLevel(ConfigValues v) {
        Object raw = v.isSet(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG)
                ? v.raw().get(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG)
                : Settings.get(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG).defaultValue();
        if (raw instanceof MetricsRecordingLevel l) {
            return l;
        }
        if (raw instanceof String s) {
            for (MetricsRecordingLevel l : MetricsRecordingLevel.values()) {
                if (l.name().equals(s.trim())) {
                    return l;
                }
            }
        }
        throw ConfigException.invalidValue(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG, raw,
                "must be one of INFO, DEBUG, TRACE");
    }
}
