package dev.vltava.producer;

import static dev.vltava.producer.ProducerConfig.ACKS_CONFIG;
import static dev.vltava.producer.ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG;
import static dev.vltava.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG;
import static dev.vltava.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsers for the keys whose values are not plain numbers, booleans or lists. */
final class ValueParsers {

    /** Every key that {@link ProducerConfig} parses into a typed value. */
    static final Set<String> IMPLEMENTED_KEYS = union(SecurityConfig.KEYS,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.CLIENT_ID_CONFIG, ACKS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.LINGER_MS_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.RETRIES_CONFIG, ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
            ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.METADATA_MAX_AGE_CONFIG, ProducerConfig.METADATA_MAX_IDLE_CONFIG,
            ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG,
            ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
            ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ProducerConfig.SEND_BUFFER_CONFIG,
            ProducerConfig.RECEIVE_BUFFER_CONFIG, COMPRESSION_TYPE_CONFIG, COMPRESSION_GZIP_LEVEL_CONFIG,
            ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG, ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG, ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG,
            ProducerConfig.PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG,
            ProducerConfig.PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG,
            ProducerConfig.CONFIG_PROVIDERS_CONFIG, ProducerConfig.METRICS_NUM_SAMPLES_CONFIG,
            ProducerConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG);

    private ValueParsers() {
    }

    private static Set<String> union(Set<String> keys, String... more) {
        Set<String> all = new java.util.HashSet<>(keys);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** {@code acks}: "all", "-1", "0", "1" as Kafka accepts, or a Number -1/0/1, or an {@link Acks}. */
    static Acks acks(Object raw) {
        if (raw == null) {
            return Acks.ALL;
        }
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
        throw ConfigException.invalidValue(ACKS_CONFIG, raw, "must be one of all, -1, 0, 1");
    }

    /** {@code compression.type}: none, gzip, snappy, lz4, zstd (lower case, as Kafka), or a {@link Compression}. */
    static Compression compression(Object raw) {
        if (raw == null) {
            return Compression.NONE;
        }
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
        throw ConfigException.invalidValue(COMPRESSION_TYPE_CONFIG, raw, "must be one of none, gzip, snappy, lz4, zstd");
    }

    /** {@code compression.gzip.level}: -1 (zlib's default) or 1..9. */
    static int gzipLevel(ConfigValues v, int defaultLevel) {
        int level = v.intValue(COMPRESSION_GZIP_LEVEL_CONFIG, defaultLevel, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (level != -1 && (level < 1 || level > 9)) {
            throw ConfigException.invalidValue(COMPRESSION_GZIP_LEVEL_CONFIG, level, "must be -1 or between 1 and 9");
        }
        return level;
    }

    /** {@code client.dns.lookup}: use_all_dns_ips (default) or resolve_canonical_bootstrap_servers_only. */
    static DnsLookup dnsLookup(ConfigValues v) {
        Object raw = v.raw().get(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG);
        if (raw == null) {
            return DnsLookup.USE_ALL_DNS_IPS;
        }
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
    static String transactionalId(ConfigValues v) {
        String id = v.stringValue(TRANSACTIONAL_ID_CONFIG, null);
        if (id != null && id.isEmpty()) {
            throw ConfigException.invalidValue(TRANSACTIONAL_ID_CONFIG, id, "must not be empty (leave it unset for "
                    + "a non-transactional producer)");
        }
        return id;
    }

    /** {@code metrics.recording.level}: INFO, DEBUG or TRACE, upper case only (as Kafka), or a {@link MetricsRecordingLevel}. */
    static MetricsRecordingLevel recordingLevel(ConfigValues v) {
        Object raw = v.raw().get(ProducerConfig.METRICS_RECORDING_LEVEL_CONFIG);
        if (raw == null) {
            return MetricsRecordingLevel.INFO;
        }
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
