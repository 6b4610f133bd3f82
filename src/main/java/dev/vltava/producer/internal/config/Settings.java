package dev.vltava.producer.internal.config;

import static dev.vltava.producer.internal.config.SettingDef.ConfigType.BOOLEAN;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.CLASS;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.DOUBLE;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.INT;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.LIST;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.LONG;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.PASSWORD;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.SHORT;
import static dev.vltava.producer.internal.config.SettingDef.ConfigType.STRING;
import static dev.vltava.producer.internal.config.SettingDef.Importance.HIGH;
import static dev.vltava.producer.internal.config.SettingDef.Importance.LOW;
import static dev.vltava.producer.internal.config.SettingDef.Importance.MEDIUM;
import static dev.vltava.producer.internal.config.SettingDef.NO_DEFAULT;
import static dev.vltava.producer.internal.config.SettingDef.Support.IMPLEMENTED;
import static dev.vltava.producer.internal.config.SettingDef.Support.NOT_SUPPORTED;
import static dev.vltava.producer.internal.config.SettingDef.Support.NO_EFFECT;
import static dev.vltava.producer.internal.config.SettingDef.Support.PARTIAL;

import dev.vltava.producer.internal.config.SettingDef.ConfigType;
import dev.vltava.producer.internal.config.SettingDef.Importance;
import dev.vltava.producer.internal.config.SettingDef.Support;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Every producer setting, defined once (see {@link SettingDef}): the official producer's keys of kafka-clients 4.4,
 * each implemented, accepted without effect (and why), or rejected unless at its default (and what to use instead).
 * The names, types, defaults and importance are Kafka's (checked by SettingsParityTest); the documentation is
 * Vltava's own. docs/configuration.md is generated from this table by {@link ConfigurationDoc}.
 *
 * <p>Order: the table's order is the document's order (by section, then as listed).
 */
public final class Settings {

    /** Since-version of keys already in kafka-clients 2.8, the oldest client the test kit runs. */
    private static final String OLD = "2.8 or earlier";
    /** Since-version of keys added after 4.0 (the test kit's clients: 2.8, 3.0, 3.9, 4.0, 4.4). */
    private static final String AFTER_4_0 = "4.1 to 4.4";

    private static final String KAFKA_JMX_REPORTER = "org.apache.kafka.common.metrics.JmxReporter";

    /** Sections of docs/configuration.md, in order. */
    public enum Section {
        GENERAL("Producer"), SSL("TLS (`ssl.*`)"), SASL("SASL (`sasl.*`)");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        /** The heading in docs/configuration.md. */
        public String title() {
            return title;
        }

        /** The section a key belongs to. */
        public static Section of(String key) {
            return key.startsWith("ssl.") ? SSL : key.startsWith("sasl.") ? SASL : GENERAL;
        }
    }

    private static final Map<String, SettingDef> BY_NAME = new LinkedHashMap<>();

    /** Why the OIDC token retrieval keys work only with a login callback handler. */
    private static final String RETRIEVAL_REJECTED = "read by the `sasl.login.callback.handler.class` that fetches "
            + "tokens (Kafka's OAuthBearerLoginCallbackHandler through the drop-in facade, or your own token "
            + "provider); with OAUTHBEARER and no such handler a value is rejected: set the handler";

    /** The other token-request keys: only a handler that fetches tokens reads them. */
    private static final String RETRIEVAL = "read only by a `sasl.login.callback.handler.class` that fetches "
            + "tokens (Kafka's OAuthBearerLoginCallbackHandler through the drop-in facade); no effect without one";

    static {
        // ---- producer: connecting ----
        impl("bootstrap.servers", LIST, NO_DEFAULT, Validator.any(), HIGH, OLD,
                "The brokers to ask for the cluster's layout first, as `host:port` entries (IPv6 in brackets, "
                        + "`[::1]:9092`). One reachable entry is enough; the rest of the cluster is learned from it.");
        impl("client.id", STRING, "", Validator.any(), MEDIUM, OLD,
                "A name for this producer in broker logs, quotas and metrics. When empty, Vltava uses "
                        + "`vltava-producer-<transactional.id>` or `vltava-producer-N` (N counts producers in the JVM).");
        impl("client.dns.lookup", STRING, "use_all_dns_ips",
                Validator.oneOf("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"), MEDIUM, OLD,
                "How broker host names are resolved: every address of a name is tried in turn; with "
                        + "`resolve_canonical_bootstrap_servers_only` bootstrap names are first expanded to their "
                        + "canonical names.");
        other("bootstrap.resolve.timeout.ms", LONG, 0L, Validator.atLeast(0), HIGH, AFTER_4_0, NOT_SUPPORTED,
                "How long the official client keeps retrying to resolve the bootstrap host names at start.",
                "Vltava resolves bootstrap names when it connects and retries them like any other connection "
                        + "(`reconnect.backoff.ms`, bounded by `max.block.ms` for a waiting send); remove the setting",
                null);
        impl("security.protocol", STRING, "PLAINTEXT",
                Validator.oneOfIgnoringCase("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), MEDIUM, OLD,
                "How connections are protected: `PLAINTEXT`, `SSL` (TLS), `SASL_PLAINTEXT` (authentication "
                        + "without TLS) or `SASL_SSL`. See [security](security.md).");
        other("security.providers", STRING, null, Validator.any(), LOW, OLD, NOT_SUPPORTED,
                "Classes that would register extra Java security providers when the producer starts.",
                "register the providers with `java.security.Security.addProvider` before creating the producer, "
                        + "and name one in `ssl.provider` if TLS should use it",
                null);
        impl("connections.max.idle.ms", LONG, 540_000L, Validator.any(), MEDIUM, OLD,
                "A connection unused this long is closed; a negative value keeps idle connections open.");
        impl("reconnect.backoff.ms", LONG, 50L, Validator.atLeast(0), LOW, OLD,
                "The first wait before connecting again to a broker that could not be reached.");
        impl("reconnect.backoff.max.ms", LONG, 1000L, Validator.atLeast(0), LOW, OLD,
                "The longest wait between reconnection attempts; the wait doubles (with jitter) up to it. When "
                        + "not set it is at least `reconnect.backoff.ms`.");
        impl("socket.connection.setup.timeout.ms", LONG, 10_000L, Validator.atLeast(0), MEDIUM, OLD,
                "How long one connection attempt (TCP, and TLS/SASL where used) may take at first.");
        impl("socket.connection.setup.timeout.max.ms", LONG, 30_000L, Validator.atLeast(0), MEDIUM, OLD,
                "The longest a connection attempt may take after repeated failures (the limit grows toward it).");
        impl("send.buffer.bytes", INT, 131_072, Validator.atLeast(-1), MEDIUM, OLD,
                "The socket's send buffer (SO_SNDBUF); -1 leaves the operating system's choice.");
        impl("receive.buffer.bytes", INT, 32_768, Validator.atLeast(-1), MEDIUM, OLD,
                "The socket's receive buffer (SO_RCVBUF); -1 leaves the operating system's choice.");
        impl("request.timeout.ms", INT, 30_000, Validator.atLeast(0), MEDIUM, OLD,
                "How long one request may wait for its response before it counts as failed (and may be retried).");
        // ---- metadata ----
        impl("metadata.max.age.ms", LONG, 300_000L, Validator.atLeast(0), LOW, OLD,
                "Cluster metadata is refreshed at least this often, even when nothing suggests it changed.");
        impl("metadata.max.idle.ms", LONG, 300_000L, Validator.atLeast(5000), LOW, OLD,
                "A topic nothing was sent to for this long is dropped from the metadata the producer keeps.");
        other("metadata.recovery.strategy", STRING, "rebootstrap", Validator.oneOfIgnoringCase("REBOOTSTRAP", "NONE"),
                LOW, "3.8", PARTIAL,
                "What the client does when none of the brokers it knows can be reached.",
                "Vltava always goes back to `bootstrap.servers` when every known broker fails (`rebootstrap`); "
                        + "`none` is not supported: remove the setting",
                v -> v == null || v.toString().equalsIgnoreCase("rebootstrap"));
        other("metadata.recovery.rebootstrap.trigger.ms", LONG, 300_000L, Validator.atLeast(0), LOW, "4.0",
                NOT_SUPPORTED,
                "In the official client, how long without usable metadata before it re-bootstraps.",
                "Vltava re-bootstraps as soon as every known broker has failed to connect, with no separate "
                        + "timer; remove the setting",
                null);
        other("metadata.cluster.check.enable", BOOLEAN, true, Validator.any(), LOW, AFTER_4_0, NO_EFFECT,
                "In the official client, a check of the cluster identity in metadata responses.",
                "Vltava does not make this check, so `false` is what it does anyway and `true` has no effect",
                null);
        // ---- batching and memory ----
        impl("acks", STRING, "all", Validator.oneOf("all", "-1", "0", "1"), LOW, OLD,
                "How many replicas must have a batch before the broker answers: `all` (or `-1`) waits for every "
                        + "in-sync replica, `1` for the leader only, `0` for no answer at all. See "
                        + "[delivery guarantees](delivery-guarantees.md).");
        impl("batch.size", INT, 16_384, Validator.atLeast(0), MEDIUM, OLD,
                "The most bytes of records gathered into one batch for a partition, as sent: with compression, "
                        + "a batch of records that compress well holds more than this before compression (up to four "
                        + "times; see [compression](compression.md)). A larger record travels in a batch of its own. "
                        + "0 turns batching off.");
        impl("linger.ms", LONG, 5L, Validator.atLeast(0), MEDIUM, OLD,
                "How long a batch that is not full may wait for more records before it is sent.");
        impl("buffer.memory", LONG, 33_554_432L, Validator.atLeast(0), HIGH, OLD,
                "The memory for records not yet sent, those waiting for metadata included; `send()` blocks (up "
                        + "to `max.block.ms`) when it is used up. *Vltava:* counts the records' bytes and 80 bytes per "
                        + "record for the objects each keeps on the heap until its callback has run (more in a heap "
                        + "smaller than about 13 times `buffer.memory`, so that queued records' objects stay within a "
                        + "twelfth of the heap less 2.5 MiB).");
        other("buffer.memory.allocation.strategy", STRING, "full", Validator.oneOfIgnoringCase("FULL", "INCREMENTAL"),
                MEDIUM, AFTER_4_0, NOT_SUPPORTED,
                "How the official client reserves `buffer.memory`: all at once or as it is needed.",
                "Vltava's buffer pool has its own allocation; `incremental` is not supported: remove the setting",
                v -> v == null || v.toString().equalsIgnoreCase("full"));
        impl("max.block.ms", LONG, 60_000L, Validator.atLeast(0), MEDIUM, OLD,
                "The longest `send()` blocks waiting for buffer memory, and the longest a record waits for its "
                        + "topic's metadata; also bounds `partitionsFor()` and the transactional calls.");
        impl("max.request.size", INT, 1_048_576, Validator.atLeast(1), MEDIUM, OLD,
                "The largest request the producer sends, and so the largest record it accepts (Vltava rejects 0, "
                        + "which would refuse every record).");
        impl("delivery.timeout.ms", INT, 120_000, Validator.atLeast(0), MEDIUM, OLD,
                "The time from `send()` to the record's outcome, retries included; at least `linger.ms + "
                        + "request.timeout.ms` (an unset value is raised to that, an explicit smaller one rejected).");
        impl("retries", INT, Integer.MAX_VALUE, Validator.between(0, Integer.MAX_VALUE), HIGH, OLD,
                "How often a failed batch is sent again (within `delivery.timeout.ms`); 0 disables retries and "
                        + "with it the default idempotence.");
        impl("retry.backoff.ms", LONG, 100L, Validator.atLeast(0), LOW, OLD,
                "The first wait before a failed request is retried.");
        impl("retry.backoff.max.ms", LONG, 1000L, Validator.atLeast(0), LOW, "3.7",
                "The longest wait between retries; the wait doubles (with jitter) from `retry.backoff.ms` up to it.");
        impl("max.in.flight.requests.per.connection", INT, 5, Validator.atLeast(1), LOW, OLD,
                "How many requests may wait for answers on one connection; at most 5 with idempotence.");
        impl("compression.type", STRING, "none", Validator.oneOf("none", "gzip", "snappy", "lz4", "zstd"), HIGH, OLD,
                "The codec applied to each batch: `none`, `gzip`, `snappy`, `lz4` or `zstd`. See "
                        + "[compression](compression.md).");
        impl("compression.gzip.level", INT, -1, Validator.of("-1 or between 1 and 9",
                        v -> (Integer) v == -1 || ((Integer) v >= 1 && (Integer) v <= 9)), MEDIUM, "3.8",
                "The gzip level: 1 (fastest) to 9 (smallest), or -1 for zlib's default.");
        impl("compression.lz4.level", INT, 9, Validator.between(1, 17), MEDIUM, "3.8",
                "The lz4 level: 1 to 17.");
        impl("compression.zstd.level", INT, 3, Validator.between(-131_072, 22), MEDIUM, "3.8",
                "The zstd level: negative levels are faster, up to 22 smaller.");
        // ---- delivery semantics ----
        impl("enable.idempotence", BOOLEAN, true, Validator.any(), LOW, OLD,
                "Whether the broker drops duplicates of retried batches and keeps each partition's order. On by "
                        + "default; conflicting `acks`/`retries` turn the default off (an explicit `true` is an error).");
        impl("transactional.id", STRING, null, Validator.of("not empty", v -> v == null || !v.toString().isEmpty()),
                LOW, OLD,
                "Makes the producer transactional under this id, which must stay stable across restarts of the "
                        + "same application instance. See [transactions](transactions.md).");
        impl("transaction.timeout.ms", INT, 60_000, Validator.any(), LOW, OLD,
                "How long the broker lets a transaction stay open before it aborts it.");
        other("transaction.two.phase.commit.enable", BOOLEAN, false, Validator.any(), LOW, AFTER_4_0, NOT_SUPPORTED,
                "In the official client, lets an external coordinator finish transactions (two-phase commit).",
                "Vltava's transactions commit or abort themselves; remove the setting",
                null);
        // ---- plugins and partitioning ----
        impl("key.serializer", CLASS, NO_DEFAULT, Validator.any(), HIGH, OLD,
                "Turns record keys into bytes: a `dev.vltava.producer.Serializer` class (Kafka's built-in "
                        + "serializer names map to Vltava's), or an instance passed to the builder.");
        impl("value.serializer", CLASS, NO_DEFAULT, Validator.any(), HIGH, OLD,
                "Turns record values into bytes, as `key.serializer` does for keys.");
        impl("partitioner.class", CLASS, null, Validator.any(), MEDIUM, OLD,
                "A `dev.vltava.producer.Partitioner` that chooses each record's partition; when unset, keyed records "
                        + "go by key hash and the rest stick to a partition per batch.");
        impl("partitioner.ignore.keys", BOOLEAN, false, Validator.any(), MEDIUM, "3.3",
                "With the built-in partitioning, spread keyed records like unkeyed ones instead of by key hash.");
        impl("partitioner.adaptive.partitioning.enable", BOOLEAN, true, Validator.any(), LOW, "3.3",
                "With the built-in partitioning, send less new data to partitions whose brokers are slow to take it.");
        impl("partitioner.availability.timeout.ms", LONG, 0L, Validator.atLeast(0), LOW, "3.3",
                "With adaptive partitioning, a partition whose broker has not taken a batch for this long is left "
                        + "out for new records; 0 turns that off.");
        other("partitioner.rack.aware", BOOLEAN, false, Validator.any(), LOW, AFTER_4_0, NOT_SUPPORTED,
                "In the official client, prefers partitions led in the producer's own `client.rack`.",
                "Vltava's partitioning does not look at racks; remove the setting (or choose partitions with a "
                        + "`partitioner.class`)",
                null);
        other("client.rack", STRING, "", Validator.any(), LOW, AFTER_4_0, NO_EFFECT,
                "The rack the producer runs in.",
                "a producer uses it only for rack-aware partitioning (`partitioner.rack.aware`, not supported)",
                null);
        impl("interceptor.classes", LIST, List.of(), Validator.any(), LOW, OLD,
                "`dev.vltava.producer.ProducerInterceptor` classes that see every record before it is serialized "
                        + "and every acknowledgement, in order.");
        impl("config.providers", LIST, List.of(), Validator.any(), LOW, AFTER_4_0,
                "Names of config providers whose `${name:[path:]key}` references are replaced in the other values "
                        + "(each with `config.providers.<name>.class`). The key is older than the 4.x ConfigDef entry.");
        // ---- metrics ----
        impl("metrics.num.samples", INT, 2, Validator.atLeast(1), LOW, OLD,
                "How many samples a windowed metric (rate, average, maximum) keeps.");
        impl("metrics.sample.window.ms", LONG, 30_000L, Validator.atLeast(0), LOW, OLD,
                "How long one sample of a windowed metric covers.");
        impl("metrics.recording.level", STRING, "INFO", Validator.oneOf("INFO", "DEBUG", "TRACE"), LOW, OLD,
                "The most detailed metrics recorded: `INFO`, `DEBUG` or `TRACE` (upper case). See "
                        + "[observability](observability.md).");
        other("metric.reporters", LIST, List.of(KAFKA_JMX_REPORTER), Validator.any(), LOW, OLD, PARTIAL,
                "Classes that receive every metric as it is added or changed.",
                "Vltava registers its JMX MBeans itself, so Kafka's JmxReporter (the default) or nothing is "
                        + "accepted; other reporters run only in the drop-in `VltavaKafkaProducer`; with "
                        + "`Producer.builder()` use `ProducerBuilder.listener` or the Micrometer binder",
                v -> v == null || ((List<?>) v).stream().allMatch(KAFKA_JMX_REPORTER::equals));
        other("enable.metrics.push", BOOLEAN, true, Validator.any(), LOW, "3.7", NO_EFFECT,
                "In the official client, sends its metrics to brokers that ask for them (KIP-714).",
                "Vltava never pushes metrics to brokers, so `false` is what it does anyway",
                null);
        // ---- ssl.* ----
        impl("ssl.protocol", STRING, "TLSv1.3", Validator.of("not empty", v -> !v.toString().isEmpty()), MEDIUM, OLD,
                "The protocol the TLS context is created for.");
        impl("ssl.enabled.protocols", LIST, List.of("TLSv1.2", "TLSv1.3"), Validator.any(), MEDIUM, OLD,
                "The TLS versions a connection may use.");
        impl("ssl.cipher.suites", LIST, List.of(), Validator.any(), LOW, OLD,
                "The cipher suites allowed; empty means the JDK's defaults.");
        impl("ssl.endpoint.identification.algorithm", STRING, "https", Validator.any(), LOW, OLD,
                "`https` checks that the broker's certificate names the host connected to; empty turns the check off.");
        impl("ssl.truststore.type", STRING, "JKS", Validator.any(), MEDIUM, OLD,
                "The trust store's format: `JKS`, `PKCS12` or `PEM` (PEM when only `ssl.truststore.certificates` "
                        + "is given).");
        impl("ssl.truststore.location", STRING, null, Validator.any(), HIGH, OLD,
                "The trust store file; when neither it nor `ssl.truststore.certificates` is set, the JDK's trusted "
                        + "certificates apply.");
        impl("ssl.truststore.password", PASSWORD, null, Validator.any(), HIGH, OLD,
                "The trust store file's password (none for PEM).");
        impl("ssl.truststore.certificates", PASSWORD, null, Validator.any(), HIGH, OLD,
                "Trusted certificates as PEM text, instead of a trust store file.");
        impl("ssl.keystore.type", STRING, "JKS", Validator.any(), MEDIUM, OLD,
                "The key store's format: `JKS`, `PKCS12` or `PEM` (PEM when the key is given as text).");
        impl("ssl.keystore.location", STRING, null, Validator.any(), HIGH, OLD,
                "The key store file holding the producer's own certificate and key, for mutual TLS.");
        impl("ssl.keystore.password", PASSWORD, null, Validator.any(), HIGH, OLD,
                "The key store file's password.");
        impl("ssl.keystore.certificate.chain", PASSWORD, null, Validator.any(), HIGH, OLD,
                "The producer's certificate chain as PEM text, with `ssl.keystore.key`, instead of a key store file.");
        impl("ssl.keystore.key", PASSWORD, null, Validator.any(), HIGH, OLD,
                "The producer's private key as PEM text (PKCS#8, maybe encrypted with `ssl.key.password`).");
        impl("ssl.key.password", PASSWORD, null, Validator.any(), HIGH, OLD,
                "The password of the private key in the key store or in `ssl.keystore.key`.");
        impl("ssl.keymanager.algorithm", STRING, KeyManagerFactory.getDefaultAlgorithm(), Validator.of("not empty",
                        v -> !v.toString().isEmpty()), LOW, OLD,
                "The key manager algorithm; the default is the JDK's.");
        impl("ssl.trustmanager.algorithm", STRING, TrustManagerFactory.getDefaultAlgorithm(), Validator.of("not empty",
                        v -> !v.toString().isEmpty()), LOW, OLD,
                "The trust manager algorithm; the default is the JDK's.");
        impl("ssl.secure.random.implementation", STRING, null, Validator.any(), LOW, OLD,
                "The SecureRandom algorithm for TLS; unset means the JDK's default.");
        impl("ssl.provider", STRING, null, Validator.any(), MEDIUM, OLD,
                "The security provider of the TLS context; unset means the JDK's default.");
        impl("ssl.engine.factory.class", CLASS, null, Validator.any(), LOW, OLD,
                "A `dev.vltava.producer.SslEngineFactory` that creates the TLS engines instead of the built-in one.");
        // ---- sasl.* with an effect ----
        impl("sasl.mechanism", STRING, "GSSAPI", Validator.any(), MEDIUM, OLD,
                "The SASL mechanism: `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512` or `OAUTHBEARER`. Kafka's default "
                        + "`GSSAPI` (Kerberos) is rejected while SASL is in use.");
        impl("sasl.jaas.config", PASSWORD, null, Validator.any(), MEDIUM, OLD,
                "The credentials, written as a JAAS login module line as for the official client.");
        impl("sasl.client.callback.handler.class", CLASS, null, Validator.any(), MEDIUM, OLD,
                "A `dev.vltava.producer.SaslCredentialsProvider` giving PLAIN/SCRAM credentials (through the "
                        + "drop-in facade also a Kafka callback handler).");
        impl("sasl.login.callback.handler.class", CLASS, null, Validator.any(), MEDIUM, OLD,
                "A `dev.vltava.producer.OAuthBearerTokenProvider` giving OAUTHBEARER tokens (through the drop-in "
                        + "facade also a Kafka login callback handler).");
        impl("sasl.login.refresh.window.factor", DOUBLE, 0.8, Validator.between(0.5, 1.0), LOW, OLD,
                "At what fraction of a token's lifetime a new OAUTHBEARER token is fetched.");
        impl("sasl.login.refresh.window.jitter", DOUBLE, 0.05, Validator.between(0.0, 0.25), LOW, OLD,
                "Random extra fraction of the lifetime added to the refresh time.");
        impl("sasl.login.refresh.min.period.seconds", SHORT, (short) 60, Validator.between(0, 900), LOW, OLD,
                "The shortest time between two token refreshes.");
        impl("sasl.login.refresh.buffer.seconds", SHORT, (short) 300, Validator.between(0, 3600), LOW, OLD,
                "How long before a token expires its replacement must be in place.");
        impl("sasl.login.retry.backoff.ms", LONG, 100L, Validator.any(), LOW, "3.1",
                "The first wait after a failed token fetch (it doubles).");
        impl("sasl.login.retry.backoff.max.ms", LONG, 10_000L, Validator.any(), LOW, "3.1",
                "The longest wait between failed token fetches.");
        // ---- sasl.* without an effect, or only with a login callback handler ----
        other("sasl.login.class", CLASS, null, Validator.any(), MEDIUM, OLD, PARTIAL,
                "In the official client, the JAAS Login implementation.",
                "Vltava runs no JAAS Login: Kafka's own default logins are accepted, any other class is rejected "
                        + "while SASL is in use; credentials come from `sasl.jaas.config` or the callback handlers",
                v -> true);
        String noJaasTimeouts = "they bound the official login's own HTTP calls; a Vltava token provider applies "
                + "its own timeouts";
        other("sasl.login.connect.timeout.ms", INT, null, Validator.any(), LOW, "3.1", NO_EFFECT,
                "Connect timeout of the official client's token requests.", noJaasTimeouts, null);
        other("sasl.login.read.timeout.ms", INT, null, Validator.any(), LOW, "3.1", NO_EFFECT,
                "Read timeout of the official client's token requests.", noJaasTimeouts, null);
        String kerberos = "used only by GSSAPI (Kerberos), which Vltava rejects";
        other("sasl.kerberos.kinit.cmd", STRING, "/usr/bin/kinit", Validator.any(), LOW, OLD, NO_EFFECT,
                "The kinit command used to renew Kerberos tickets.", kerberos, null);
        other("sasl.kerberos.min.time.before.relogin", LONG, 60_000L, Validator.any(), LOW, OLD, NO_EFFECT,
                "The shortest time between two Kerberos logins.", kerberos, null);
        other("sasl.kerberos.service.name", STRING, null, Validator.any(), MEDIUM, OLD, NO_EFFECT,
                "The Kerberos principal name of the brokers.", kerberos, null);
        other("sasl.kerberos.ticket.renew.jitter", DOUBLE, 0.05, Validator.any(), LOW, OLD, NO_EFFECT,
                "Random extra fraction added to the Kerberos ticket renewal time.", kerberos, null);
        other("sasl.kerberos.ticket.renew.window.factor", DOUBLE, 0.8, Validator.any(), LOW, OLD, NO_EFFECT,
                "At what fraction of a Kerberos ticket's lifetime it is renewed.", kerberos, null);
        String validation = "token validation settings: brokers use them, and a login callback handler that "
                + "checks the tokens it fetches reads them itself; Vltava's own OAUTHBEARER does not validate tokens";
        other("sasl.oauthbearer.allow.unverified.audience", BOOLEAN, false, Validator.any(), MEDIUM, AFTER_4_0,
                NO_EFFECT, "Whether a token's audience may go unchecked.", validation, null);
        other("sasl.oauthbearer.allow.unverified.issuer", BOOLEAN, false, Validator.any(), MEDIUM, AFTER_4_0,
                NO_EFFECT, "Whether a token's issuer may go unchecked.", validation, null);
        other("sasl.oauthbearer.clock.skew.seconds", INT, 30, Validator.any(), LOW, "3.1", NO_EFFECT,
                "The clock difference tolerated when token times are checked.", validation, null);
        other("sasl.oauthbearer.expected.audience", LIST, List.of(), Validator.any(), HIGH, "3.1", NO_EFFECT,
                "The audiences a token must name.", validation, null);
        other("sasl.oauthbearer.expected.issuer", STRING, null, Validator.any(), HIGH, "3.1", NO_EFFECT,
                "The issuer a token must name.", validation, null);
        other("sasl.oauthbearer.jwks.endpoint.refresh.ms", LONG, 3_600_000L, Validator.any(), LOW, "3.1", NO_EFFECT,
                "How often the signing keys are fetched again.", validation, null);
        other("sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", LONG, 10_000L, Validator.any(), LOW, "3.1",
                NO_EFFECT, "The longest wait between failed signing-key fetches.", validation, null);
        other("sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", LONG, 100L, Validator.any(), LOW, "3.1", NO_EFFECT,
                "The first wait after a failed signing-key fetch.", validation, null);
        other("sasl.oauthbearer.jwks.endpoint.url", STRING, null, Validator.any(), MEDIUM, "3.1", NO_EFFECT,
                "Where the identity provider publishes its signing keys.", validation, null);
        other("sasl.oauthbearer.scope.claim.name", STRING, "scope", Validator.any(), LOW, "3.1", NO_EFFECT,
                "The token claim that holds its scopes.", validation, null);
        other("sasl.oauthbearer.sub.claim.name", STRING, "sub", Validator.any(), LOW, "3.1", NO_EFFECT,
                "The token claim that holds its subject.", validation, null);
        other("sasl.oauthbearer.header.urlencode", BOOLEAN, false, Validator.any(), LOW, "3.9", NO_EFFECT,
                "Whether client credentials are URL-encoded in the token request's authorization header.",
                RETRIEVAL, null);
        retrieval("sasl.oauthbearer.token.endpoint.url", STRING, "3.1", "The identity provider's token endpoint.");
        retrieval("sasl.oauthbearer.scope", STRING, AFTER_4_0, "The scope asked for in a token request.");
        retrieval("sasl.oauthbearer.client.credentials.client.id", STRING, AFTER_4_0,
                "The client id of a client-credentials token request.");
        retrieval("sasl.oauthbearer.client.credentials.client.secret", PASSWORD, AFTER_4_0,
                "The client secret of a client-credentials token request.");
        retrieval("sasl.oauthbearer.assertion.file", STRING, AFTER_4_0,
                "A file holding a ready-made JWT assertion for a jwt-bearer token request.");
        retrieval("sasl.oauthbearer.assertion.private.key.file", STRING, AFTER_4_0,
                "The private key that signs a generated JWT assertion.");
        retrieval("sasl.oauthbearer.assertion.private.key.passphrase", PASSWORD, AFTER_4_0,
                "The passphrase of that private key.");
        retrieval("sasl.oauthbearer.assertion.template.file", STRING, AFTER_4_0,
                "A template for the header and claims of a generated JWT assertion.");
        retrieval("sasl.oauthbearer.assertion.claim.aud", STRING, AFTER_4_0,
                "The audience claim of a generated JWT assertion.");
        retrieval("sasl.oauthbearer.assertion.claim.iss", STRING, AFTER_4_0,
                "The issuer claim of a generated JWT assertion.");
        retrieval("sasl.oauthbearer.assertion.claim.sub", STRING, AFTER_4_0,
                "The subject claim of a generated JWT assertion.");
        other("sasl.oauthbearer.assertion.algorithm", STRING, "RS256", Validator.oneOfIgnoringCase("ES256", "RS256"),
                MEDIUM, AFTER_4_0, NO_EFFECT, "The signing algorithm of a generated JWT assertion.", RETRIEVAL,
                v -> true);
        other("sasl.oauthbearer.assertion.claim.exp.seconds", INT, 300, Validator.between(0, 86_400), LOW, AFTER_4_0,
                NO_EFFECT, "How long a generated JWT assertion is valid.", RETRIEVAL, null);
        other("sasl.oauthbearer.assertion.claim.nbf.seconds", INT, 60, Validator.between(0, 3600), LOW, AFTER_4_0,
                NO_EFFECT, "How far back a generated JWT assertion's not-before time is set.", RETRIEVAL, null);
        other("sasl.oauthbearer.assertion.claim.jti.include", BOOLEAN, false, Validator.any(), MEDIUM, AFTER_4_0,
                NO_EFFECT, "Whether a generated JWT assertion carries a unique id.", RETRIEVAL, null);
        other("sasl.oauthbearer.jwt.retriever.class", CLASS,
                "org.apache.kafka.common.security.oauthbearer.DefaultJwtRetriever", Validator.any(), MEDIUM, AFTER_4_0,
                NO_EFFECT, "How the official login callback handler obtains tokens.", RETRIEVAL, null);
        other("sasl.oauthbearer.jwt.validator.class", CLASS,
                "org.apache.kafka.common.security.oauthbearer.DefaultJwtValidator", Validator.any(), MEDIUM, AFTER_4_0,
                NO_EFFECT, "How the official login callback handler checks the tokens it obtained.", RETRIEVAL, null);
    }

    private static void impl(String name, ConfigType type, Object defaultValue, Validator validator,
            Importance importance, String since, String doc) {
        add(new SettingDef(name, type, defaultValue, validator, importance, doc, since, IMPLEMENTED, null, null));
    }

    private static void other(String name, ConfigType type, Object defaultValue, Validator validator,
            Importance importance, String since, Support support, String doc, String note,
            Predicate<Object> supported) {
        add(new SettingDef(name, type, defaultValue, validator, importance, doc, since, support, note, supported));
    }

    /** An OIDC token retrieval key: passed to a login callback handler; rejected with OAUTHBEARER without one. */
    private static void retrieval(String name, ConfigType type, String since, String doc) {
        other(name, type, null, Validator.any(), MEDIUM, since, PARTIAL, doc, RETRIEVAL_REJECTED, v -> true);
    }

    private static void add(SettingDef def) {
        if (BY_NAME.put(def.name(), def) != null) {
            throw new IllegalStateException("defined twice: " + def.name());
        }
    }

    /** Every setting, in the table's order. */
    public static List<SettingDef> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The setting of a key, or null for a key the official producer does not define. */
    public static SettingDef find(String key) {
        return BY_NAME.get(key);
    }

    /** The setting of a key the table must have (a programming error otherwise). */
    public static SettingDef get(String key) {
        return Objects.requireNonNull(BY_NAME.get(key), key);
    }

    /** Keys whose values are parsed into the configuration's values (all but the unsupported ones). */
    public static Set<String> parsedKeys() {
        return BY_NAME.values().stream().filter(SettingDef::parsed).map(SettingDef::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The keys of one section whose value is parsed. */
    public static Set<String> parsedKeys(Section section) {
        return BY_NAME.values().stream().filter(d -> d.parsed() && Section.of(d.name()) == section)
                .map(SettingDef::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The settings of a section, in order. */
    public static List<SettingDef> section(Section section) {
        List<SettingDef> out = new ArrayList<>();
        for (SettingDef d : BY_NAME.values()) {
            if (Section.of(d.name()) == section) {
                out.add(d);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Keys whose values are secrets (Kafka's password type). */
    public static Set<String> secretKeys() {
        return BY_NAME.values().stream().filter(d -> d.type() == PASSWORD).map(SettingDef::name)
                .collect(Collectors.toUnmodifiableSet());
    }
}
