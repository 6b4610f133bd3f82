package dev.vltava.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Producer} with typed setters. Each setter writes the same Kafka key that
 * {@link ProducerConfig#from(Map)} reads, so validation and defaults are identical both ways; {@link #config}
 * sets any other key. Not thread-safe; a builder can build several producers.
 *
 * <p>{@link #keySerializer} and {@link #valueSerializer} re-type the builder, so
 * {@code Producer.builder().keySerializer(Serializers.string()).valueSerializer(Serializers.longs())} yields a
 * {@code ProducerBuilder<String, Long>} without type witnesses. Set serializers before adding interceptors.
 */
public final class ProducerBuilder<K, V> {

    private final Map<String, Object> configs = new LinkedHashMap<>();
    private final List<ProducerInterceptor<K, V>> interceptors = new ArrayList<>();
    private Serializer<K> keySerializer;
    private Serializer<V> valueSerializer;
    private Partitioner partitioner;
    private ProducerListener listener;

    ProducerBuilder() {
    }

    /** Any configuration key, typed or as a string, exactly as {@link ProducerConfig#from(Map)} accepts it. */
    public ProducerBuilder<K, V> config(String key, Object value) {
        configs.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** Several configuration keys at once. */
    public ProducerBuilder<K, V> configs(Map<String, ?> values) {
        values.forEach(this::config);
        return this;
    }

    /** {@code bootstrap.servers}: one or more "host:port" (IPv6 as "[::1]:9092"). */
    /** Each argument may itself be a comma-separated list, as in the {@code bootstrap.servers} property. */
    public ProducerBuilder<K, V> bootstrapServers(String... hostPorts) {
        return config(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", hostPorts));
    }

    public ProducerBuilder<K, V> bootstrapServers(List<String> hostPorts) {
        return config(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", hostPorts));
    }

    /** {@code client.dns.lookup}: whether bootstrap names are first expanded to their canonical names. */
    public ProducerBuilder<K, V> clientDnsLookup(DnsLookup lookup) {
        return config(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG, Objects.requireNonNull(lookup, "lookup"));
    }

    /**
     * Declares a config provider: adds {@code alias} to {@code config.providers} and sets
     * {@code config.providers.<alias>.class} to this instance, so that {@code ${alias:[path:]key}} references in
     * other settings are resolved with it when the producer is built (it is configured with the
     * {@code config.providers.<alias>.param.*} settings, and closed after).
     */
    public ProducerBuilder<K, V> configProvider(String alias, ConfigProvider provider) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(provider, "provider");
        if (alias.isBlank() || alias.contains(",")) {
            throw new IllegalArgumentException("a provider alias must be a non-blank name without commas: " + alias);
        }
        List<String> aliases = new ArrayList<>();
        Object existing = configs.get(ProducerConfig.CONFIG_PROVIDERS_CONFIG);
        if (existing instanceof List<?> list) {
            list.forEach(a -> aliases.add(String.valueOf(a).trim()));
        } else if (existing != null) {
            for (String a : existing.toString().split(",")) {
                if (!a.isBlank()) {
                    aliases.add(a.trim());
                }
            }
        }
        if (!aliases.contains(alias.trim())) {
            aliases.add(alias.trim());
        }
        config(ProducerConfig.CONFIG_PROVIDERS_CONFIG, String.join(",", aliases));
        return config(ProducerConfig.CONFIG_PROVIDERS_CONFIG + "." + alias.trim() + ".class", provider);
    }

    public ProducerBuilder<K, V> clientId(String clientId) {
        return config(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }

    public ProducerBuilder<K, V> acks(Acks acks) {
        return config(ProducerConfig.ACKS_CONFIG, Objects.requireNonNull(acks, "acks"));
    }

    public ProducerBuilder<K, V> batchSizeBytes(int bytes) {
        return config(ProducerConfig.BATCH_SIZE_CONFIG, bytes);
    }

    public ProducerBuilder<K, V> lingerMs(long ms) {
        return config(ProducerConfig.LINGER_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> bufferMemoryBytes(long bytes) {
        return config(ProducerConfig.BUFFER_MEMORY_CONFIG, bytes);
    }

    public ProducerBuilder<K, V> maxBlockMs(long ms) {
        return config(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> maxRequestSizeBytes(int bytes) {
        return config(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, bytes);
    }

    public ProducerBuilder<K, V> requestTimeoutMs(int ms) {
        return config(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> deliveryTimeoutMs(int ms) {
        return config(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> retries(int retries) {
        return config(ProducerConfig.RETRIES_CONFIG, retries);
    }

    public ProducerBuilder<K, V> retryBackoffMs(long ms) {
        return config(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> retryBackoffMaxMs(long ms) {
        return config(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> maxInFlightRequestsPerConnection(int requests) {
        return config(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, requests);
    }

    public ProducerBuilder<K, V> metadataMaxAgeMs(long ms) {
        return config(ProducerConfig.METADATA_MAX_AGE_CONFIG, ms);
    }

    public ProducerBuilder<K, V> metadataMaxIdleMs(long ms) {
        return config(ProducerConfig.METADATA_MAX_IDLE_CONFIG, ms);
    }

    public ProducerBuilder<K, V> connectionsMaxIdleMs(long ms) {
        return config(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> reconnectBackoffMs(long ms) {
        return config(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> reconnectBackoffMaxMs(long ms) {
        return config(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> socketConnectionSetupTimeoutMs(long ms) {
        return config(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, ms);
    }

    public ProducerBuilder<K, V> socketConnectionSetupTimeoutMaxMs(long ms) {
        return config(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
    }

    /** {@code send.buffer.bytes}; -1 for the OS default. */
    public ProducerBuilder<K, V> sendBufferBytes(int bytes) {
        return config(ProducerConfig.SEND_BUFFER_CONFIG, bytes);
    }

    /** {@code receive.buffer.bytes}; -1 for the OS default. */
    public ProducerBuilder<K, V> receiveBufferBytes(int bytes) {
        return config(ProducerConfig.RECEIVE_BUFFER_CONFIG, bytes);
    }

    public ProducerBuilder<K, V> compression(Compression compression) {
        return config(ProducerConfig.COMPRESSION_TYPE_CONFIG, Objects.requireNonNull(compression, "compression"));
    }

    /** The codec and its level (written to that codec's level key); NONE and SNAPPY take no level. */
    public ProducerBuilder<K, V> compression(Compression compression, int level) {
        compression(compression);
        return switch (compression) {
            case GZIP -> gzipLevel(level);
            case LZ4 -> lz4Level(level);
            case ZSTD -> zstdLevel(level);
            case NONE, SNAPPY -> throw new IllegalArgumentException(compression + " has no compression level");
        };
    }

    /** {@code compression.gzip.level}: -1 (default) or 1..9. */
    public ProducerBuilder<K, V> gzipLevel(int level) {
        return config(ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG, level);
    }

    /** {@code compression.lz4.level}: 1..17, default 9. */
    public ProducerBuilder<K, V> lz4Level(int level) {
        return config(ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG, level);
    }

    /** {@code compression.zstd.level}: -131072..22, default 3. */
    public ProducerBuilder<K, V> zstdLevel(int level) {
        return config(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, level);
    }

    public ProducerBuilder<K, V> enableIdempotence(boolean enable) {
        return config(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, enable);
    }

    /**
     * {@code transactional.id}: makes the producer transactional (idempotence is then required; see
     * {@link Producer#initTransactions()}). Stable across restarts of the same logical producer, so that a new
     * instance fences the old one.
     */
    public ProducerBuilder<K, V> transactionalId(String transactionalId) {
        return config(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /**
     * {@code transaction.timeout.ms}, default 60000: how long the coordinator lets a transaction stay open before it
     * aborts it (at most the broker's transaction.max.timeout.ms).
     */
    public ProducerBuilder<K, V> transactionTimeoutMs(int ms) {
        return config(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ms);
    }

    /** As {@link #transactionTimeoutMs(int)}. */
    public ProducerBuilder<K, V> transactionTimeout(java.time.Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        long ms = timeout.toMillis();
        if (ms < 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("transaction timeout must be 0.." + Integer.MAX_VALUE + " ms, was "
                    + timeout);
        }
        return transactionTimeoutMs((int) ms);
    }

    public ProducerBuilder<K, V> partitionerIgnoreKeys(boolean ignoreKeys) {
        return config(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, ignoreKeys);
    }

    public ProducerBuilder<K, V> adaptivePartitioning(boolean enable) {
        return config(ProducerConfig.PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG, enable);
    }

    public ProducerBuilder<K, V> partitionerAvailabilityTimeoutMs(long ms) {
        return config(ProducerConfig.PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG, ms);
    }

    /** {@code security.protocol}. */
    public ProducerBuilder<K, V> securityProtocol(SecurityConfig.Protocol protocol) {
        return config(ProducerConfig.SECURITY_PROTOCOL_CONFIG, Objects.requireNonNull(protocol, "protocol").name());
    }

    /**
     * SASL PLAIN with these credentials: sets {@code sasl.mechanism=PLAIN} and the {@code sasl.jaas.config} line
     * Kafka users write by hand (quoted and escaped here). Set {@code security.protocol} to SASL_PLAINTEXT or
     * SASL_SSL as well.
     */
    public ProducerBuilder<K, V> saslPlain(String username, Password password) {
        return saslWithLogin("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", username, password);
    }

    /** As {@link #saslPlain(String, Password)}; the string is wrapped in a {@link Password}. */
    public ProducerBuilder<K, V> saslPlain(String username, String password) {
        return saslPlain(username, new Password(Objects.requireNonNull(password, "password")));
    }

    /**
     * SASL SCRAM with these credentials: {@code mechanism} is "SCRAM-SHA-256" or "SCRAM-SHA-512".
     *
     * @throws IllegalArgumentException for another mechanism
     */
    public ProducerBuilder<K, V> saslScram(String mechanism, String username, Password password) {
        if (!"SCRAM-SHA-256".equals(mechanism) && !"SCRAM-SHA-512".equals(mechanism)) {
            throw new IllegalArgumentException("SCRAM mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, not "
                    + mechanism);
        }
        return saslWithLogin(mechanism, "org.apache.kafka.common.security.scram.ScramLoginModule", username,
                password);
    }

    /** As {@link #saslScram(String, String, Password)}; the string is wrapped in a {@link Password}. */
    public ProducerBuilder<K, V> saslScram(String mechanism, String username, String password) {
        return saslScram(mechanism, username, new Password(Objects.requireNonNull(password, "password")));
    }

    /**
     * SASL OAUTHBEARER with tokens from this provider: sets {@code sasl.mechanism=OAUTHBEARER} and
     * {@code sasl.login.callback.handler.class} to the instance. No JAAS line is needed.
     */
    public ProducerBuilder<K, V> oauthBearer(OAuthBearerTokenProvider tokenProvider) {
        config(SaslConfig.SASL_MECHANISM_CONFIG, "OAUTHBEARER");
        return config(SaslConfig.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                Objects.requireNonNull(tokenProvider, "tokenProvider"));
    }

    private ProducerBuilder<K, V> saslWithLogin(String mechanism, String loginModule, String username,
            Password password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        config(SaslConfig.SASL_MECHANISM_CONFIG, mechanism);
        return config(SaslConfig.SASL_JAAS_CONFIG, new Password(loginModule + " required username=\""
                + jaasEscape(username) + "\" password=\"" + jaasEscape(password.value()) + "\";"));
    }

    /** Escapes a value for a double-quoted JAAS option: backslash and double quote. */
    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The key serializer; re-types the builder's key type. Not configured by the producer (as in Kafka). */
    public <K2> ProducerBuilder<K2, V> keySerializer(Serializer<K2> serializer) {
        @SuppressWarnings("unchecked")
        ProducerBuilder<K2, V> self = (ProducerBuilder<K2, V>) this;
        self.keySerializer = Objects.requireNonNull(serializer, "serializer");
        return self;
    }

    /** The value serializer; re-types the builder's value type. Not configured by the producer (as in Kafka). */
    public <V2> ProducerBuilder<K, V2> valueSerializer(Serializer<V2> serializer) {
        @SuppressWarnings("unchecked")
        ProducerBuilder<K, V2> self = (ProducerBuilder<K, V2>) this;
        self.valueSerializer = Objects.requireNonNull(serializer, "serializer");
        return self;
    }

    /** A custom partitioner (takes precedence over {@code partitioner.class}). */
    public ProducerBuilder<K, V> partitioner(Partitioner partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        return this;
    }

    /**
     * Events of the producer's life (connections, metadata, batches, buffer exhaustion, producer id resets); see
     * {@link ProducerListener} for its rules (called on the network thread: fast, never throws, never calls back).
     */
    public ProducerBuilder<K, V> listener(ProducerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Adds an interceptor; repeatable, called in the order added (after any from {@code interceptor.classes}). */
    public ProducerBuilder<K, V> interceptor(ProducerInterceptor<K, V> interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /** Validates the configuration alone, without creating a producer. */
    public ProducerConfig buildConfig() {
        return ProducerConfig.from(configs);
    }

    /** Validates the configuration and starts a producer. */
    public Producer<K, V> build() {
        return Plugins.startProducer(buildConfig(), keySerializer, valueSerializer, partitioner,
                List.copyOf(interceptors), listener);
    }
}
