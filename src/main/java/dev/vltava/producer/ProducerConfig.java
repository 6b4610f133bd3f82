package dev.vltava.producer;

import dev.vltava.producer.internal.config.BootstrapServers;
import dev.vltava.producer.internal.config.ConfigRules;
import dev.vltava.producer.internal.config.ConfigValues;
import dev.vltava.producer.internal.config.KnownKeys;
import dev.vltava.producer.internal.config.SecretKeys;
import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
import dev.vltava.producer.internal.config.UnsupportedSettings;
import dev.vltava.producer.internal.config.ValueParsers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer's configuration: immutable, validated when built, readable through typed getters with units in
 * their names. It is built from Kafka's own keys ({@link #from(Map)}, {@link #from(Properties)}) or from
 * {@link ProducerBuilder}, which writes the same keys, so there is one set of rules for both.
 *
 * <p>Values are accepted as Kafka accepts them: typed objects or strings. Rules that tie keys together follow the
 * official client: see {@link #idempotenceEnabled()} and {@link #deliveryTimeoutMs()}. Every key of the official
 * producer is defined once, with its type, default and rule, in Vltava's settings table, from which
 * docs/configuration.md is generated; an official key Vltava does not support is rejected unless it is at Kafka's
 * default. Keys that are not producer settings are kept in {@link #originals()} (plugins receive them in
 * {@code configure()}) and logged once at INFO.
 */
public final class ProducerConfig {

    /** The {@code bootstrap.servers} key. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    /** The {@code client.id} key. */
    public static final String CLIENT_ID_CONFIG = "client.id";
    /** The {@code acks} key. */
    public static final String ACKS_CONFIG = "acks";
    /** The {@code batch.size} key. */
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    /** The {@code linger.ms} key. */
    public static final String LINGER_MS_CONFIG = "linger.ms";
    /** The {@code buffer.memory} key. */
    public static final String BUFFER_MEMORY_CONFIG = "buffer.memory";
    /** The {@code max.block.ms} key. */
    public static final String MAX_BLOCK_MS_CONFIG = "max.block.ms";
    /** The {@code max.request.size} key. */
    public static final String MAX_REQUEST_SIZE_CONFIG = "max.request.size";
    /** The {@code request.timeout.ms} key. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    /** The {@code delivery.timeout.ms} key. */
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    /** The {@code retries} key. */
    public static final String RETRIES_CONFIG = "retries";
    /** The {@code retry.backoff.ms} key. */
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    /** The {@code retry.backoff.max.ms} key. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
    /** The {@code max.in.flight.requests.per.connection} key. */
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    /** The {@code metadata.max.age.ms} key. */
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    /** The {@code metadata.max.idle.ms} key. */
    public static final String METADATA_MAX_IDLE_CONFIG = "metadata.max.idle.ms";
    /** The {@code connections.max.idle.ms} key. */
    public static final String CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
    /** The {@code reconnect.backoff.ms} key. */
    public static final String RECONNECT_BACKOFF_MS_CONFIG = "reconnect.backoff.ms";
    /** The {@code reconnect.backoff.max.ms} key. */
    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "reconnect.backoff.max.ms";
    /** The {@code socket.connection.setup.timeout.ms} key. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
    /** The {@code socket.connection.setup.timeout.max.ms} key. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG =
            "socket.connection.setup.timeout.max.ms";
    /** The {@code send.buffer.bytes} key. */
    public static final String SEND_BUFFER_CONFIG = "send.buffer.bytes";
    /** The {@code receive.buffer.bytes} key. */
    public static final String RECEIVE_BUFFER_CONFIG = "receive.buffer.bytes";
    /** The {@code compression.type} key. */
    public static final String COMPRESSION_TYPE_CONFIG = "compression.type";
    /** The {@code compression.gzip.level} key. */
    public static final String COMPRESSION_GZIP_LEVEL_CONFIG = "compression.gzip.level";
    /** The {@code compression.lz4.level} key. */
    public static final String COMPRESSION_LZ4_LEVEL_CONFIG = "compression.lz4.level";
    /** The {@code compression.zstd.level} key. */
    public static final String COMPRESSION_ZSTD_LEVEL_CONFIG = "compression.zstd.level";
    /** The {@code key.serializer} key. */
    public static final String KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
    /** The {@code value.serializer} key. */
    public static final String VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
    /** The {@code partitioner.class} key. */
    public static final String PARTITIONER_CLASS_CONFIG = "partitioner.class";
    /** The {@code partitioner.ignore.keys} key. */
    public static final String PARTITIONER_IGNORE_KEYS_CONFIG = "partitioner.ignore.keys";
    /** Kafka's spelling (sic), kept for drop-in compatibility; same as {@link #PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG}. */
    public static final String PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG = "partitioner.adaptive.partitioning.enable";
    /** The {@code partitioner.adaptive.partitioning.enable} key. */
    public static final String PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG = "partitioner.adaptive.partitioning.enable";
    /** The {@code partitioner.availability.timeout.ms} key. */
    public static final String PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG = "partitioner.availability.timeout.ms";
    /** The {@code interceptor.classes} key. */
    public static final String INTERCEPTOR_CLASSES_CONFIG = "interceptor.classes";
    /** The {@code enable.idempotence} key. */
    public static final String ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
    /** The {@code transactional.id} key. */
    public static final String TRANSACTIONAL_ID_CONFIG = "transactional.id";
    /** The {@code transaction.timeout.ms} key. */
    public static final String TRANSACTION_TIMEOUT_CONFIG = "transaction.timeout.ms";
    /** The {@code security.protocol} key. */
    public static final String SECURITY_PROTOCOL_CONFIG = "security.protocol";
    /** The {@code client.dns.lookup} key. */
    public static final String CLIENT_DNS_LOOKUP_CONFIG = "client.dns.lookup";
    /** Config providers (see {@link ConfigProvider}): aliases, each with {@code config.providers.<alias>.class}. */
    public static final String CONFIG_PROVIDERS_CONFIG = "config.providers";
    /** The {@code metric.reporters} key. */
    public static final String METRIC_REPORTER_CLASSES_CONFIG = "metric.reporters";
    /** The {@code metrics.num.samples} key. */
    public static final String METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";
    /** The {@code metrics.sample.window.ms} key. */
    public static final String METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
    /** The {@code metrics.recording.level} key. */
    public static final String METRICS_RECORDING_LEVEL_CONFIG = "metrics.recording.level";

    /** Prefix of generated client ids: "vltava-producer-1", "vltava-producer-2", ... */
    public static final String CLIENT_ID_PREFIX = "vltava-producer-";

    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    private final ConfigValues values;
    private final Map<String, Object> effective = new LinkedHashMap<>();

    private final List<String> bootstrapServers;
    private final DnsLookup clientDnsLookup;
    private final List<String> configProviders;
    private final List<InetSocketAddress> bootstrapAddresses;
    private final String clientId;
    private final short acks;
    private final int batchSizeBytes;
    private final long lingerMs;
    private final long bufferMemoryBytes;
    private final long maxBlockMs;
    private final int maxRequestSizeBytes;
    private final int requestTimeoutMs;
    private final int deliveryTimeoutMs;
    private final int retries;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final int maxInFlightRequestsPerConnection;
    private final long metadataMaxAgeMs;
    private final long metadataMaxIdleMs;
    private final long connectionsMaxIdleMs;
    private final long reconnectBackoffMs;
    private final long reconnectBackoffMaxMs;
    private final long socketConnectionSetupTimeoutMs;
    private final long socketConnectionSetupTimeoutMaxMs;
    private final int sendBufferBytes;
    private final int receiveBufferBytes;
    private final Compression compression;
    private final int gzipLevel;
    private final int lz4Level;
    private final int zstdLevel;
    private final boolean idempotenceEnabled;
    private final boolean partitionerIgnoreKeys;
    private final boolean adaptivePartitioning;
    private final long partitionerAvailabilityTimeoutMs;
    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final SecurityConfig security;
    private final Object keySerializerClass;
    private final Object valueSerializerClass;
    private final Object partitionerClass;
    private final List<Object> interceptorClasses;
    private final int metricsNumSamples;
    private final long metricsSampleWindowMs;
    private final MetricsRecordingLevel metricsRecordingLevel;

    private ProducerConfig(ConfigValues v) {
        this.values = v;
        bootstrapServers = put(BOOTSTRAP_SERVERS_CONFIG, v.listValue(def(BOOTSTRAP_SERVERS_CONFIG)));
        bootstrapAddresses = BootstrapServers.parse(bootstrapServers);
        clientDnsLookup = ValueParsers.dnsLookup(v);
        effective.put(CLIENT_DNS_LOOKUP_CONFIG, clientDnsLookup.configName());
        configProviders = put(CONFIG_PROVIDERS_CONFIG, v.listValue(def(CONFIG_PROVIDERS_CONFIG)));
        acks = put(ACKS_CONFIG, ValueParsers.acks(v.raw().get(ACKS_CONFIG))).wireValue();
        batchSizeBytes = put(BATCH_SIZE_CONFIG, v.intValue(def(BATCH_SIZE_CONFIG)));
        lingerMs = put(LINGER_MS_CONFIG, v.longValue(def(LINGER_MS_CONFIG)));
        bufferMemoryBytes = put(BUFFER_MEMORY_CONFIG, v.longValue(def(BUFFER_MEMORY_CONFIG)));
        maxBlockMs = put(MAX_BLOCK_MS_CONFIG, v.longValue(def(MAX_BLOCK_MS_CONFIG)));
        maxRequestSizeBytes = put(MAX_REQUEST_SIZE_CONFIG,
                v.intValue(def(MAX_REQUEST_SIZE_CONFIG)));
        requestTimeoutMs = put(REQUEST_TIMEOUT_MS_CONFIG,
                v.intValue(def(REQUEST_TIMEOUT_MS_CONFIG)));
        int deliveryMs = v.intValue(def(DELIVERY_TIMEOUT_MS_CONFIG));
        retries = put(RETRIES_CONFIG, v.intValue(def(RETRIES_CONFIG)));
        retryBackoffMs = put(RETRY_BACKOFF_MS_CONFIG, v.longValue(def(RETRY_BACKOFF_MS_CONFIG)));
        retryBackoffMaxMs = put(RETRY_BACKOFF_MAX_MS_CONFIG,
                v.longValue(def(RETRY_BACKOFF_MAX_MS_CONFIG)));
        maxInFlightRequestsPerConnection = put(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                v.intValue(def(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)));
        metadataMaxAgeMs = put(METADATA_MAX_AGE_CONFIG, v.longValue(def(METADATA_MAX_AGE_CONFIG)));
        metadataMaxIdleMs = put(METADATA_MAX_IDLE_CONFIG,
                v.longValue(def(METADATA_MAX_IDLE_CONFIG)));
        connectionsMaxIdleMs = put(CONNECTIONS_MAX_IDLE_MS_CONFIG,
                v.longValue(def(CONNECTIONS_MAX_IDLE_MS_CONFIG)));
        reconnectBackoffMs = put(RECONNECT_BACKOFF_MS_CONFIG,
                v.longValue(def(RECONNECT_BACKOFF_MS_CONFIG)));
        reconnectBackoffMaxMs = put(RECONNECT_BACKOFF_MAX_MS_CONFIG, reconnectBackoffMax(v, reconnectBackoffMs));
        socketConnectionSetupTimeoutMs = put(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
                v.longValue(def(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG)));
        socketConnectionSetupTimeoutMaxMs = put(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
                v.longValue(def(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG)));
        sendBufferBytes = put(SEND_BUFFER_CONFIG, v.intValue(def(SEND_BUFFER_CONFIG)));
        receiveBufferBytes = put(RECEIVE_BUFFER_CONFIG,
                v.intValue(def(RECEIVE_BUFFER_CONFIG)));
        compression = put(COMPRESSION_TYPE_CONFIG, ValueParsers.compression(v.raw().get(COMPRESSION_TYPE_CONFIG)));
        gzipLevel = put(COMPRESSION_GZIP_LEVEL_CONFIG, v.intValue(def(COMPRESSION_GZIP_LEVEL_CONFIG)));
        lz4Level = put(COMPRESSION_LZ4_LEVEL_CONFIG, v.intValue(def(COMPRESSION_LZ4_LEVEL_CONFIG)));
        zstdLevel = put(COMPRESSION_ZSTD_LEVEL_CONFIG, v.intValue(def(COMPRESSION_ZSTD_LEVEL_CONFIG)));
        partitionerIgnoreKeys = put(PARTITIONER_IGNORE_KEYS_CONFIG, v.boolValue(def(PARTITIONER_IGNORE_KEYS_CONFIG)));
        adaptivePartitioning = put(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG,
                v.boolValue(def(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG)));
        partitionerAvailabilityTimeoutMs = put(PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG,
                v.longValue(def(PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG)));
        transactionalId = put(TRANSACTIONAL_ID_CONFIG, ValueParsers.transactionalId(v));
        transactionTimeoutMs = put(TRANSACTION_TIMEOUT_CONFIG,
                v.intValue(def(TRANSACTION_TIMEOUT_CONFIG)));
        security = new SecurityConfig(v, effective);
        keySerializerClass = put(KEY_SERIALIZER_CLASS_CONFIG, v.classValue(KEY_SERIALIZER_CLASS_CONFIG));
        valueSerializerClass = put(VALUE_SERIALIZER_CLASS_CONFIG, v.classValue(VALUE_SERIALIZER_CLASS_CONFIG));
        partitionerClass = put(PARTITIONER_CLASS_CONFIG, v.classValue(PARTITIONER_CLASS_CONFIG));
        interceptorClasses = put(INTERCEPTOR_CLASSES_CONFIG, v.classListValue(INTERCEPTOR_CLASSES_CONFIG));
        metricsNumSamples = put(METRICS_NUM_SAMPLES_CONFIG, v.intValue(def(METRICS_NUM_SAMPLES_CONFIG)));
        metricsSampleWindowMs = put(METRICS_SAMPLE_WINDOW_MS_CONFIG,
                v.longValue(def(METRICS_SAMPLE_WINDOW_MS_CONFIG)));
        metricsRecordingLevel = ValueParsers.recordingLevel(v);
        effective.put(METRICS_RECORDING_LEVEL_CONFIG, metricsRecordingLevel.name());
        // Rules across keys come last: they need the parsed values above.
        idempotenceEnabled = put(ENABLE_IDEMPOTENCE_CONFIG,
                ConfigRules.idempotence(v, acks, retries, maxInFlightRequestsPerConnection, transactionalId));
        deliveryTimeoutMs = put(DELIVERY_TIMEOUT_MS_CONFIG,
                ConfigRules.deliveryTimeoutMs(v, deliveryMs, lingerMs, requestTimeoutMs));
        clientId = put(CLIENT_ID_CONFIG, clientIdOrGenerated(v.stringValue(def(CLIENT_ID_CONFIG)), transactionalId));
        // The table's other keys: validated like Kafka, checked against what Vltava supports, and listed in values().
        UnsupportedSettings.check(v, effective);
        KnownKeys.logUnknownKeys(v.raw().keySet());
    }

    /**
     * Builds a configuration from Kafka property keys, parsed, defaulted and checked by the settings table
     * (docs/configuration.md). Config-provider references are resolved first.
     *
     * @param props Kafka producer settings: values as typed objects or strings
     * @return the validated configuration
     * @throws ConfigException naming the key(s) if a value is invalid, contradicts another, or is not supported
     */
    public static ProducerConfig from(Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (key == null) {
                throw new ConfigException("configuration keys must not be null");
            }
        }
        // References to config providers are resolved first: every rule below sees the values they stand for. A
        // value that breaks a rule is named by its reference in the message, and a secret is never shown.
        ConfigProviders.Resolved resolved = ConfigProviders.resolve(props);
        try {
            return new ProducerConfig(new ConfigValues(resolved.values()));
        } catch (ConfigException e) {
            throw resolved.redact(e);
        }
    }

    /**
     * Builds a configuration from Kafka properties, as {@link #from(Map)} does, defaults of the properties included.
     *
     * @param props Kafka producer settings; keys must be strings
     * @return the validated configuration
     * @throws ConfigException if a key is not a string, or as {@link #from(Map)}
     */
    public static ProducerConfig from(Properties props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new ConfigException("configuration keys must be strings, found " + e.getKey());
            }
            map.put(key, e.getValue());
        }
        // Properties may chain defaults that entrySet() does not show.
        for (String key : props.stringPropertyNames()) {
            map.putIfAbsent(key, props.getProperty(key));
        }
        return from(map);
    }

    private static SettingDef def(String key) {
        return Settings.get(key);
    }

    private <T> T put(String key, T value) {
        effective.put(key, value);
        return value;
    }

    private static long reconnectBackoffMax(ConfigValues v, long reconnectBackoffMs) {
        long max = v.longValue(def(RECONNECT_BACKOFF_MAX_MS_CONFIG));
        // Kafka: an unset maximum follows a larger base backoff, so the base alone is enough to slow reconnects.
        return v.isSet(RECONNECT_BACKOFF_MAX_MS_CONFIG) ? max : Math.max(max, reconnectBackoffMs);
    }

    private static String clientIdOrGenerated(String configured, String transactionalId) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return CLIENT_ID_PREFIX + (transactionalId != null ? transactionalId : CLIENT_ID_SEQUENCE.getAndIncrement());
    }

    /** {@return {@code bootstrap.servers}: the host:port entries as given (trimmed).} */
    public List<String> bootstrapServers() {
        return bootstrapServers;
    }

    /** {@return {@code bootstrap.servers} as unresolved socket addresses (no DNS lookup happened).} */
    public List<InetSocketAddress> bootstrapAddresses() {
        return bootstrapAddresses;
    }

    /**
     * {@return {@code client.dns.lookup}: whether bootstrap names are expanded to canonical names (all addresses are
     * tried either way).}
     */
    public DnsLookup clientDnsLookup() {
        return clientDnsLookup;
    }

    /**
     * {@return {@code config.providers}: the aliases of the config providers that resolved this configuration's
     * references.}
     */
    public List<String> configProviders() {
        return configProviders;
    }

    /**
     * {@return {@code client.id}; when not set, "vltava-producer-N" (N from a JVM-wide counter) or
     * "vltava-producer-&lt;transactional.id&gt;".}
     */
    public String clientId() {
        return clientId;
    }

    /** {@return {@code acks} as sent on the wire: -1 (all), 0 or 1.} */
    public short acks() {
        return acks;
    }

    /** {@return {@code acks} as an enum.} */
    public Acks acksMode() {
        return Acks.fromWireValue(acks);
    }

    /** {@return {@code batch.size}: the most bytes of records gathered into one batch, as sent (compressed)} */
    public int batchSizeBytes() {
        return batchSizeBytes;
    }

    /** {@return {@code linger.ms}: how long a batch that is not full may wait for more records} */
    public long lingerMs() {
        return lingerMs;
    }

    /** {@return {@code buffer.memory}: the memory for records not yet sent} */
    public long bufferMemoryBytes() {
        return bufferMemoryBytes;
    }

    /** {@return {@code max.block.ms}: the longest {@code send()} blocks for memory, and a record waits for metadata} */
    public long maxBlockMs() {
        return maxBlockMs;
    }

    /** {@return {@code max.request.size}: the largest request, and so the largest record} */
    public int maxRequestSizeBytes() {
        return maxRequestSizeBytes;
    }

    /** {@return {@code request.timeout.ms}: how long one request may wait for its response} */
    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /**
     * {@code delivery.timeout.ms}, at least {@code linger.ms + request.timeout.ms}: when not set explicitly and the
     * default is smaller, it is raised to that sum (with a warning), as Kafka does; an explicit smaller value is
     * rejected.
     * @return the delivery timeout in milliseconds
     */
    public int deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    /** {@return {@code retries}: how often a failed batch is sent again (within the delivery timeout)} */
    public int retries() {
        return retries;
    }

    /** {@return {@code retry.backoff.ms}: the first wait before a failed request is retried} */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /**
     * {@code retry.backoff.max.ms}: the backoff grows exponentially from {@link #retryBackoffMs()} up to this. If
     * it is smaller than {@code retry.backoff.ms}, Kafka uses it as a constant backoff; the value is returned as
     * configured.
     * @return the largest retry backoff in milliseconds
     */
    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    /** {@return {@code max.in.flight.requests.per.connection}: requests that may await answers on one connection} */
    public int maxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    /** {@return {@code metadata.max.age.ms}: the longest cluster metadata is used before it is refreshed} */
    public long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    /** {@return {@code metadata.max.idle.ms}: how long a topic nothing is sent to stays in the metadata} */
    public long metadataMaxIdleMs() {
        return metadataMaxIdleMs;
    }

    /** {@return {@code connections.max.idle.ms}; negative means idle connections are never closed.} */
    public long connectionsMaxIdleMs() {
        return connectionsMaxIdleMs;
    }

    /** {@return {@code reconnect.backoff.ms}: the first wait before reconnecting to a broker} */
    public long reconnectBackoffMs() {
        return reconnectBackoffMs;
    }

    /** {@return {@code reconnect.backoff.max.ms}; when not set, at least {@link #reconnectBackoffMs()} (as Kafka).} */
    public long reconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    /** {@return {@code socket.connection.setup.timeout.ms}: the first limit on one connection attempt} */
    public long socketConnectionSetupTimeoutMs() {
        return socketConnectionSetupTimeoutMs;
    }

    /** {@return {@code socket.connection.setup.timeout.max.ms}: the largest limit on one connection attempt} */
    public long socketConnectionSetupTimeoutMaxMs() {
        return socketConnectionSetupTimeoutMaxMs;
    }

    /** {@return {@code send.buffer.bytes}; -1 means the operating system's default.} */
    public int sendBufferBytes() {
        return sendBufferBytes;
    }

    /** {@return {@code receive.buffer.bytes}; -1 means the operating system's default.} */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** {@return {@code compression.type}: the codec applied to each batch} */
    public Compression compression() {
        return compression;
    }

    /**
     * The level for the chosen codec: gzip (-1 = zlib default, 1..9), lz4 (1..17, default 9), zstd
     * (-131072..22, default 3); 0 for {@link Compression#NONE} and {@link Compression#SNAPPY}, which have none.
     * @return the level of the configured codec
     */
    public int compressionLevel() {
        return switch (compression) {
            case GZIP -> gzipLevel;
            case LZ4 -> lz4Level;
            case ZSTD -> zstdLevel;
            case NONE, SNAPPY -> 0;
        };
    }

    /** {@return {@code compression.gzip.level}: -1 (zlib's default) or 1..9} */
    public int gzipLevel() {
        return gzipLevel;
    }

    /** {@return {@code compression.lz4.level}: 1..17} */
    public int lz4Level() {
        return lz4Level;
    }

    /** {@return {@code compression.zstd.level}: -131072..22} */
    public int zstdLevel() {
        return zstdLevel;
    }

    /**
     * Whether the producer is idempotent, after Kafka's rules: on by default; conflicting {@code acks} or
     * {@code retries} turn the default off quietly (INFO log) but make an explicit {@code true} an error;
     * {@code max.in.flight.requests.per.connection > 5} is an error unless idempotence is explicitly off.
     * @return true if the producer is idempotent
     */
    public boolean idempotenceEnabled() {
        return idempotenceEnabled;
    }

    /**
     * {@return {@code partitioner.ignore.keys}: whether the built-in partitioning spreads keyed records like unkeyed
     * ones}
     */
    public boolean partitionerIgnoreKeys() {
        return partitionerIgnoreKeys;
    }

    /**
     * {@return {@code partitioner.adaptive.partitioning.enable}: whether slow brokers' partitions get less new data}
     */
    public boolean adaptivePartitioning() {
        return adaptivePartitioning;
    }

    /**
     * {@return {@code partitioner.availability.timeout.ms}: after how long without progress a broker's partitions are
     * avoided (0 = never)}
     */
    public long partitionerAvailabilityTimeoutMs() {
        return partitionerAvailabilityTimeoutMs;
    }

    /** {@return {@code transactional.id}, or {@code null} for a non-transactional producer.} */
    public String transactionalId() {
        return transactionalId;
    }

    /** {@return {@code transaction.timeout.ms}: how long the broker lets a transaction stay open} */
    public int transactionTimeoutMs() {
        return transactionTimeoutMs;
    }

    /** {@return {@code security.protocol} as Kafka spells it ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").} */
    public String securityProtocol() {
        return security.protocol().name();
    }

    /**
     * {@return how the producer reaches brokers: {@code security.protocol} with its {@code ssl.*} and {@code sasl.*}
     * settings.}
     */
    public SecurityConfig security() {
        return security;
    }

    /** {@return {@code key.serializer} as given: a {@link Class} or a class name; empty when not set.} */
    public Optional<Object> keySerializerClass() {
        return Optional.ofNullable(keySerializerClass);
    }

    /** {@return {@code value.serializer} as given: a {@link Class} or a class name; empty when not set.} */
    public Optional<Object> valueSerializerClass() {
        return Optional.ofNullable(valueSerializerClass);
    }

    /** {@return {@code partitioner.class} as given: a {@link Class} or a class name; empty when not set.} */
    public Optional<Object> partitionerClass() {
        return Optional.ofNullable(partitionerClass);
    }

    /** {@return {@code interceptor.classes}: each a {@link Class} or a class name, in order.} */
    public List<Object> interceptorClasses() {
        return interceptorClasses;
    }

    /**
     * {@return {@code metrics.num.samples}: how many samples a windowed statistic (rate, avg, max) spans (at least
     * 1).}
     */
    public int metricsNumSamples() {
        return metricsNumSamples;
    }

    /** {@return {@code metrics.sample.window.ms}: the length of one sample of a windowed statistic.} */
    public long metricsSampleWindowMs() {
        return metricsSampleWindowMs;
    }

    /** {@return {@code metrics.recording.level}: INFO (default), DEBUG or TRACE; metrics above it are not recorded.} */
    public MetricsRecordingLevel metricsRecordingLevel() {
        return metricsRecordingLevel;
    }

    /**
     * Everything the caller passed in, unknown keys included (read-only), with config-provider references resolved, as
     * Kafka's {@code originals()}: plugins are configured with these values. A secret key whose value came from a
     * provider holds a {@link Password} here. Secrets the caller gave as plain strings are plain strings here too, so
     * do not log this map.
     * @return the given keys and values, read-only
     */
    public Map<String, Object> originals() {
        return values.raw();
    }

    /**
     * The effective value of a key: for keys Vltava implements, the parsed value after defaults and rules (same
     * type as the typed getter; {@code acks} as an {@link Acks}, class keys as given); for other keys, the
     * original value (a secret key's string as a {@link Password}); empty if neither.
     *
     * @param key a configuration key
     * @return the effective or given value, or empty
     */
    public Optional<Object> get(String key) {
        if (effective.containsKey(key)) {
            return Optional.ofNullable(effective.get(key));
        }
        Object original = values.raw().get(key);
        // A secret this class does not parse is still shown only as a Password.
        return Optional.ofNullable(original instanceof String s && SecretKeys.isSecret(key) ? new Password(s) : original);
    }

    /** {@return the effective values of the keys Vltava implements (read-only, in a stable order).} */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(effective);
    }

    /**
     * {@return the keys parsed into {@link #values()}: every official producer key except those Vltava rejects
     * unless at their default}
     */
    public static Set<String> implementedKeys() {
        return Settings.parsedKeys();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(effective.size());
        effective.forEach((k, val) -> parts.add(k + "=" + val));
        return "ProducerConfig{" + String.join(", ", parts) + "}";
    }
}
