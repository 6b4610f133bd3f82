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
 *
 * <p>Beyond the argument checks each setter documents, values are validated only by {@link #buildConfig()} and
 * {@link #build()}, which throw {@link ConfigException} naming the bad setting.
 *
 * @param <K> the key type of the producers built, fixed by {@link #keySerializer(Serializer)}
 * @param <V> the value type of the producers built, fixed by {@link #valueSerializer(Serializer)}
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

    /**
     * Sets any configuration key, typed or as a string, exactly as {@link ProducerConfig#from(Map)} accepts it. The
     * value is checked only when the configuration is built; a later call for the same key replaces the value.
     *
     * @param key   a producer setting under Kafka's name, for instance {@code "linger.ms"}
     * @param value its value (typed, or as a string); null leaves the key unset, so its default applies
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     */
    public ProducerBuilder<K, V> config(String key, Object value) {
        configs.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /**
     * Sets several configuration keys at once, each as {@link #config(String, Object)} does.
     *
     * @param values settings by key
     * @return this builder
     * @throws NullPointerException if {@code values} is null or holds a null key
     */
    public ProducerBuilder<K, V> configs(Map<String, ?> values) {
        values.forEach(this::config);
        return this;
    }

    /**
     * Sets {@code bootstrap.servers}: the brokers the producer first contacts to learn the cluster, as "host:port"
     * (IPv6 as "[::1]:9092"). Each argument may itself be a comma-separated list, as in the property.
     *
     * @param hostPorts one or more "host:port" entries
     * @return this builder
     * @throws NullPointerException if {@code hostPorts} is null
     */
    public ProducerBuilder<K, V> bootstrapServers(String... hostPorts) {
        return config(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", hostPorts));
    }

    /**
     * As {@link #bootstrapServers(String...)}, from a list.
     *
     * @param hostPorts one or more "host:port" entries (each may be a comma-separated list)
     * @return this builder
     * @throws NullPointerException if {@code hostPorts} is null
     */
    public ProducerBuilder<K, V> bootstrapServers(List<String> hostPorts) {
        return config(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", hostPorts));
    }

    /**
     * Sets {@code client.dns.lookup}: how host names are resolved, in particular whether bootstrap names are first
     * expanded to their canonical names.
     *
     * @param lookup the lookup strategy
     * @return this builder
     * @throws NullPointerException if {@code lookup} is null
     */
    public ProducerBuilder<K, V> clientDnsLookup(DnsLookup lookup) {
        return config(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG, Objects.requireNonNull(lookup, "lookup"));
    }

    /**
     * Declares a config provider: adds {@code alias} to {@code config.providers} and sets
     * {@code config.providers.<alias>.class} to this instance, so that {@code ${alias:[path:]key}} references in
     * other settings are resolved with it when the producer is built (it is configured with the
     * {@code config.providers.<alias>.param.*} settings, and closed after).
     *
     * @param alias    the name references use; surrounding blanks are trimmed
     * @param provider the provider instance
     * @return this builder
     * @throws NullPointerException     if {@code alias} or {@code provider} is null
     * @throws IllegalArgumentException if {@code alias} is blank or contains a comma
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

    /**
     * Sets {@code client.id}: the name this producer gives brokers (in their logs and quotas) and in its metrics'
     * tags. Without it, a name is generated.
     *
     * @param clientId the client id
     * @return this builder
     */
    public ProducerBuilder<K, V> clientId(String clientId) {
        return config(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }

    /**
     * Sets {@code acks}: how many replicas must have a record before the leader acknowledges it.
     *
     * @param acks the acknowledgement level
     * @return this builder
     * @throws NullPointerException if {@code acks} is null
     */
    public ProducerBuilder<K, V> acks(Acks acks) {
        return config(ProducerConfig.ACKS_CONFIG, Objects.requireNonNull(acks, "acks"));
    }

    /**
     * Sets {@code batch.size}: the size a batch of records for one partition is allowed to grow to before it is sent.
     *
     * @param bytes the batch size in bytes
     * @return this builder
     */
    public ProducerBuilder<K, V> batchSizeBytes(int bytes) {
        return config(ProducerConfig.BATCH_SIZE_CONFIG, bytes);
    }

    /**
     * Sets {@code linger.ms}: how long a batch that is not full yet may wait for more records before it is sent.
     *
     * @param ms the wait in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> lingerMs(long ms) {
        return config(ProducerConfig.LINGER_MS_CONFIG, ms);
    }

    /**
     * Sets {@code buffer.memory}: the memory all records waiting to be sent may use together (their bytes, and 80
     * bytes per record for the objects each keeps on the heap until its callback has run); when it is full,
     * {@code send} blocks for at most {@code max.block.ms}.
     *
     * @param bytes the buffer size in bytes
     * @return this builder
     */
    public ProducerBuilder<K, V> bufferMemoryBytes(long bytes) {
        return config(ProducerConfig.BUFFER_MEMORY_CONFIG, bytes);
    }

    /**
     * Sets {@code max.block.ms}: the longest {@code send} blocks for buffer memory, the longest a record waits for its
     * topic's metadata, and the default time limit of the blocking calls ({@code partitionsFor}, the transactional
     * methods).
     *
     * @param ms the limit in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> maxBlockMs(long ms) {
        return config(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    }

    /**
     * Sets {@code max.request.size}: the largest request the producer sends; a record larger than this fails.
     *
     * @param bytes the limit in bytes
     * @return this builder
     */
    public ProducerBuilder<K, V> maxRequestSizeBytes(int bytes) {
        return config(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, bytes);
    }

    /**
     * Sets {@code request.timeout.ms}: how long the producer waits for a broker's response before it gives up on the
     * request (and retries it, if delivery time is left).
     *
     * @param ms the timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> requestTimeoutMs(int ms) {
        return config(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    }

    /**
     * Sets {@code delivery.timeout.ms}: the upper bound on the time from {@code send} returning until the record's
     * outcome is reported, retries included.
     *
     * @param ms the timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> deliveryTimeoutMs(int ms) {
        return config(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
    }

    /**
     * Sets {@code retries}: how often a batch that failed with a retriable error is sent again (within
     * {@code delivery.timeout.ms}).
     *
     * @param retries the number of retries; 0 turns retrying off
     * @return this builder
     */
    public ProducerBuilder<K, V> retries(int retries) {
        return config(ProducerConfig.RETRIES_CONFIG, retries);
    }

    /**
     * Sets {@code retry.backoff.ms}: the first wait before a failed request is retried.
     *
     * @param ms the wait in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> retryBackoffMs(long ms) {
        return config(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, ms);
    }

    /**
     * Sets {@code retry.backoff.max.ms}: the longest the wait before a retry grows to after repeated failures.
     *
     * @param ms the maximum wait in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> retryBackoffMaxMs(long ms) {
        return config(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, ms);
    }

    /**
     * Sets {@code max.in.flight.requests.per.connection}: how many requests may await a response on one connection.
     *
     * @param requests the number of requests
     * @return this builder
     */
    public ProducerBuilder<K, V> maxInFlightRequestsPerConnection(int requests) {
        return config(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, requests);
    }

    /**
     * Sets {@code metadata.max.age.ms}: how old the cluster metadata may get before it is fetched again even without a
     * reason to.
     *
     * @param ms the age in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> metadataMaxAgeMs(long ms) {
        return config(ProducerConfig.METADATA_MAX_AGE_CONFIG, ms);
    }

    /**
     * Sets {@code metadata.max.idle.ms}: how long a topic no record was sent to stays in the producer's metadata.
     *
     * @param ms the idle time in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> metadataMaxIdleMs(long ms) {
        return config(ProducerConfig.METADATA_MAX_IDLE_CONFIG, ms);
    }

    /**
     * Sets {@code connections.max.idle.ms}: how long an unused connection to a broker stays open.
     *
     * @param ms the idle time in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> connectionsMaxIdleMs(long ms) {
        return config(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, ms);
    }

    /**
     * Sets {@code reconnect.backoff.ms}: the first wait before connecting again to a broker that could not be reached.
     *
     * @param ms the wait in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> reconnectBackoffMs(long ms) {
        return config(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, ms);
    }

    /**
     * Sets {@code reconnect.backoff.max.ms}: the longest the wait before a reconnect grows to after repeated failures.
     *
     * @param ms the maximum wait in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> reconnectBackoffMaxMs(long ms) {
        return config(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, ms);
    }

    /**
     * Sets {@code socket.connection.setup.timeout.ms}: how long the first attempt to open a connection may take.
     *
     * @param ms the timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> socketConnectionSetupTimeoutMs(long ms) {
        return config(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, ms);
    }

    /**
     * Sets {@code socket.connection.setup.timeout.max.ms}: the longest the connection setup timeout grows to after
     * repeated failures.
     *
     * @param ms the maximum timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> socketConnectionSetupTimeoutMaxMs(long ms) {
        return config(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
    }

    /**
     * Sets {@code send.buffer.bytes}: the socket's send buffer size.
     *
     * @param bytes the size in bytes; -1 for the OS default
     * @return this builder
     */
    public ProducerBuilder<K, V> sendBufferBytes(int bytes) {
        return config(ProducerConfig.SEND_BUFFER_CONFIG, bytes);
    }

    /**
     * Sets {@code receive.buffer.bytes}: the socket's receive buffer size.
     *
     * @param bytes the size in bytes; -1 for the OS default
     * @return this builder
     */
    public ProducerBuilder<K, V> receiveBufferBytes(int bytes) {
        return config(ProducerConfig.RECEIVE_BUFFER_CONFIG, bytes);
    }

    /**
     * Sets {@code compression.type}: the codec batches are compressed with, at the codec's configured level.
     *
     * @param compression the codec
     * @return this builder
     * @throws NullPointerException if {@code compression} is null
     */
    public ProducerBuilder<K, V> compression(Compression compression) {
        return config(ProducerConfig.COMPRESSION_TYPE_CONFIG, Objects.requireNonNull(compression, "compression"));
    }

    /**
     * Sets the codec and its level (written to that codec's level key, as {@link #gzipLevel}, {@link #lz4Level} or
     * {@link #zstdLevel} do). The level is checked when the configuration is built.
     *
     * @param compression the codec; GZIP, LZ4 or ZSTD
     * @param level       the codec's level
     * @return this builder
     * @throws NullPointerException     if {@code compression} is null
     * @throws IllegalArgumentException if {@code compression} is NONE or SNAPPY, which take no level (the builder
     *                                  is left as it was)
     */
    public ProducerBuilder<K, V> compression(Compression compression, int level) {
        Objects.requireNonNull(compression, "compression");
        if (compression == Compression.NONE || compression == Compression.SNAPPY) {
            throw new IllegalArgumentException(compression + " has no compression level");
        }
        compression(compression);
        return switch (compression) {
            case GZIP -> gzipLevel(level);
            case LZ4 -> lz4Level(level);
            case ZSTD -> zstdLevel(level);
            case NONE, SNAPPY -> throw new AssertionError(compression); // refused above
        };
    }

    /**
     * Sets {@code compression.gzip.level}, used when the codec is GZIP.
     *
     * @param level -1 (the codec's default) or 1..9
     * @return this builder
     */
    public ProducerBuilder<K, V> gzipLevel(int level) {
        return config(ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG, level);
    }

    /**
     * Sets {@code compression.lz4.level}, used when the codec is LZ4.
     *
     * @param level 1..17, default 9
     * @return this builder
     */
    public ProducerBuilder<K, V> lz4Level(int level) {
        return config(ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG, level);
    }

    /**
     * Sets {@code compression.zstd.level}, used when the codec is ZSTD.
     *
     * @param level -131072..22, default 3
     * @return this builder
     */
    public ProducerBuilder<K, V> zstdLevel(int level) {
        return config(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, level);
    }

    /**
     * Sets {@code enable.idempotence}: whether the producer numbers its batches so that a retry cannot write a record
     * twice or out of order within a partition.
     *
     * @param enable true to make the producer idempotent
     * @return this builder
     */
    public ProducerBuilder<K, V> enableIdempotence(boolean enable) {
        return config(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, enable);
    }

    /**
     * Sets {@code transactional.id}: makes the producer transactional (idempotence is then required; see
     * {@link Producer#initTransactions()}). Stable across restarts of the same logical producer, so that a new
     * instance fences the old one.
     *
     * @param transactionalId the id, or null for a producer without transactions
     * @return this builder
     */
    public ProducerBuilder<K, V> transactionalId(String transactionalId) {
        return config(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /**
     * Sets {@code transaction.timeout.ms}, default 60000: how long the coordinator lets a transaction stay open before
     * it aborts it (at most the broker's transaction.max.timeout.ms).
     *
     * @param ms the timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> transactionTimeoutMs(int ms) {
        return config(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ms);
    }

    /**
     * As {@link #transactionTimeoutMs(int)}, from a {@link java.time.Duration} (whole milliseconds).
     *
     * @param timeout the timeout
     * @return this builder
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative or more than {@code Integer.MAX_VALUE} ms
     */
    public ProducerBuilder<K, V> transactionTimeout(java.time.Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        long ms = timeout.toMillis();
        if (ms < 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("transaction timeout must be 0.." + Integer.MAX_VALUE + " ms, was "
                    + timeout);
        }
        return transactionTimeoutMs((int) ms);
    }

    /**
     * Sets {@code partitioner.ignore.keys}: whether the built-in partitioning spreads records with a key as it does
     * records without one, instead of choosing the partition from the key's hash.
     *
     * @param ignoreKeys true to ignore keys when choosing a partition
     * @return this builder
     */
    public ProducerBuilder<K, V> partitionerIgnoreKeys(boolean ignoreKeys) {
        return config(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, ignoreKeys);
    }

    /**
     * Sets {@code partitioner.adaptive.partitioning.enable}: whether records without a key go more often to partitions
     * whose brokers keep up, and less often to slow ones.
     *
     * @param enable true to adapt to broker speed
     * @return this builder
     */
    public ProducerBuilder<K, V> adaptivePartitioning(boolean enable) {
        return config(ProducerConfig.PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG, enable);
    }

    /**
     * Sets {@code partitioner.availability.timeout.ms}: with adaptive partitioning, how long a broker may fail to take
     * batches before records without a key avoid its partitions; 0 turns this off.
     *
     * @param ms the timeout in milliseconds
     * @return this builder
     */
    public ProducerBuilder<K, V> partitionerAvailabilityTimeoutMs(long ms) {
        return config(ProducerConfig.PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG, ms);
    }

    /**
     * Sets {@code security.protocol}: whether connections use TLS, SASL, both or neither.
     *
     * @param protocol the protocol
     * @return this builder
     * @throws NullPointerException if {@code protocol} is null
     */
    public ProducerBuilder<K, V> securityProtocol(SecurityConfig.Protocol protocol) {
        return config(ProducerConfig.SECURITY_PROTOCOL_CONFIG, Objects.requireNonNull(protocol, "protocol").name());
    }

    /**
     * SASL PLAIN with these credentials: sets {@code sasl.mechanism=PLAIN} and the {@code sasl.jaas.config} line
     * Kafka users write by hand (quoted and escaped here). Set {@code security.protocol} to SASL_PLAINTEXT or
     * SASL_SSL as well.
     *
     * @param username the user name
     * @param password the password
     * @return this builder
     * @throws NullPointerException if {@code username} or {@code password} is null
     */
    public ProducerBuilder<K, V> saslPlain(String username, Password password) {
        return saslWithLogin("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", username, password);
    }

    /**
     * As {@link #saslPlain(String, Password)}; the string is wrapped in a {@link Password}.
     *
     * @param username the user name
     * @param password the password
     * @return this builder
     * @throws NullPointerException if {@code username} or {@code password} is null
     */
    public ProducerBuilder<K, V> saslPlain(String username, String password) {
        return saslPlain(username, new Password(Objects.requireNonNull(password, "password")));
    }

    /**
     * SASL SCRAM with these credentials: sets {@code sasl.mechanism} and the {@code sasl.jaas.config} line (quoted and
     * escaped here). Set {@code security.protocol} to SASL_PLAINTEXT or SASL_SSL as well.
     *
     * @param mechanism "SCRAM-SHA-256" or "SCRAM-SHA-512"
     * @param username  the user name
     * @param password  the password
     * @return this builder
     * @throws IllegalArgumentException for another mechanism
     * @throws NullPointerException     if {@code username} or {@code password} is null
     */
    public ProducerBuilder<K, V> saslScram(String mechanism, String username, Password password) {
        if (!"SCRAM-SHA-256".equals(mechanism) && !"SCRAM-SHA-512".equals(mechanism)) {
            throw new IllegalArgumentException("SCRAM mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, not "
                    + mechanism);
        }
        return saslWithLogin(mechanism, "org.apache.kafka.common.security.scram.ScramLoginModule", username,
                password);
    }

    /**
     * As {@link #saslScram(String, String, Password)}; the string is wrapped in a {@link Password}.
     *
     * @param mechanism "SCRAM-SHA-256" or "SCRAM-SHA-512"
     * @param username  the user name
     * @param password  the password
     * @return this builder
     * @throws IllegalArgumentException for another mechanism
     * @throws NullPointerException     if {@code username} or {@code password} is null
     */
    public ProducerBuilder<K, V> saslScram(String mechanism, String username, String password) {
        return saslScram(mechanism, username, new Password(Objects.requireNonNull(password, "password")));
    }

    /**
     * SASL OAUTHBEARER with tokens from this provider: sets {@code sasl.mechanism=OAUTHBEARER} and
     * {@code sasl.login.callback.handler.class} to the instance. No JAAS line is needed. Set {@code security.protocol}
     * to SASL_PLAINTEXT or SASL_SSL as well.
     *
     * @param tokenProvider supplies the tokens the producer logs in with
     * @return this builder
     * @throws NullPointerException if {@code tokenProvider} is null
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

    /**
     * Sets the key serializer and re-types the builder's key type. The producer does not configure it (as in Kafka),
     * but closes it when it closes. It takes precedence over {@code key.serializer}.
     *
     * @param <K2>       the new key type
     * @param serializer the key serializer
     * @return this builder, typed for keys of type {@code K2}
     * @throws NullPointerException if {@code serializer} is null
     */
    public <K2> ProducerBuilder<K2, V> keySerializer(Serializer<K2> serializer) {
        @SuppressWarnings("unchecked")
        ProducerBuilder<K2, V> self = (ProducerBuilder<K2, V>) this;
        self.keySerializer = Objects.requireNonNull(serializer, "serializer");
        return self;
    }

    /**
     * Sets the value serializer and re-types the builder's value type. The producer does not configure it (as in
     * Kafka), but closes it when it closes. It takes precedence over {@code value.serializer}.
     *
     * @param <V2>       the new value type
     * @param serializer the value serializer
     * @return this builder, typed for values of type {@code V2}
     * @throws NullPointerException if {@code serializer} is null
     */
    public <V2> ProducerBuilder<K, V2> valueSerializer(Serializer<V2> serializer) {
        @SuppressWarnings("unchecked")
        ProducerBuilder<K, V2> self = (ProducerBuilder<K, V2>) this;
        self.valueSerializer = Objects.requireNonNull(serializer, "serializer");
        return self;
    }

    /**
     * Sets a custom partitioner, which takes precedence over {@code partitioner.class}. It is not configured, but is
     * closed with the producer.
     *
     * @param partitioner chooses the partition of records sent without one
     * @return this builder
     * @throws NullPointerException if {@code partitioner} is null
     */
    public ProducerBuilder<K, V> partitioner(Partitioner partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        return this;
    }

    /**
     * Sets the listener for events of the producer's life (connections, metadata, batches, buffer exhaustion,
     * producer id resets); see {@link ProducerListener} for its rules (called on the network thread: fast, never
     * throws, never calls back). A later call replaces it.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public ProducerBuilder<K, V> listener(ProducerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Adds an interceptor; repeatable, called in the order added (after any from {@code interceptor.classes}). It is
     * not configured, but is closed with the producer.
     *
     * @param interceptor sees each record before it is serialized and each outcome
     * @return this builder
     * @throws NullPointerException if {@code interceptor} is null
     */
    public ProducerBuilder<K, V> interceptor(ProducerInterceptor<K, V> interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * Validates the configuration set so far without starting a producer: no serializer, partitioner or interceptor
     * is created (config providers are, to resolve the references to them).
     *
     * @return the validated configuration
     * @throws ConfigException if a setting is invalid or a config provider reference cannot be resolved
     */
    public ProducerConfig buildConfig() {
        return ProducerConfig.from(configs);
    }

    /**
     * Validates the configuration and starts a producer with it. Plugins set as instances are used as they are; those
     * named in the configuration are created and configured (and closed again if starting fails). The builder can be
     * used again afterwards.
     *
     * @return a started producer; close it when done
     * @throws ConfigException if a setting is invalid, a serializer is neither set here nor named in
     *                         {@code key.serializer} / {@code value.serializer}, or a class named in the configuration
     *                         cannot be loaded or created
     */
    public Producer<K, V> build() {
        return Plugins.startProducer(buildConfig(), keySerializer, valueSerializer, partitioner,
                List.copyOf(interceptors), listener);
    }
}
