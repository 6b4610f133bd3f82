package dev.vltava.producer.testkit;

import dev.vltava.producer.testkit.SecurityClientProps.StoreFormat;
import dev.vltava.producer.testkit.TestCertificates.Identity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link KafkaCluster} whose nodes also serve secured client listeners, each on its own port: TLS, mutual TLS,
 * SASL with and without TLS (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER with the broker's unsecured
 * validator), and listeners that exist to fail (wrong host name, expired or untrusted certificate, PLAIN only).
 * The controller and inter-broker listeners stay PLAINTEXT, and so does {@link #cluster()}'s admin client.
 *
 * <p>TLS listeners are advertised as {@code localhost}, which the broker certificate names, so host-name
 * verification (on by default in clients) is really exercised; they are bound to 127.0.0.1 (a client that resolves
 * {@code localhost} to ::1 first must try the next address). Certificates: {@link TestCertificates#shared()}.
 * Users: {@link #USER} / {@link #PASSWORD} for PLAIN (the listener's JAAS config) and both SCRAM mechanisms (created
 * by the storage tool's {@code --add-scram} when the nodes are formatted); OAUTHBEARER accepts any unsigned token.
 *
 * <p>Opt-in: {@link TestClusters#secured()} is the shared single node; {@link #start(int)} any size.
 */
public final class SecuredCluster implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "vltava-alice-secret";
    /** The session lifetime the broker gives on {@link Listener#SASL_REAUTH}. */
    public static final long REAUTH_MS = 3000;

    private static final String PLAIN_MODULE = SaslMechanism.PLAIN.loginModule();

    /** The client listeners of every node. */
    public enum Listener {
        /** The cluster's ordinary listener (also inter-broker). */
        PLAINTEXT("PLAINTEXT", "PLAINTEXT"),
        /** TLS, server authentication only; certificate for localhost and 127.0.0.1 from the trusted CA. */
        SSL("SSL", "SSL"),
        /** TLS with {@code ssl.client.auth=required}: the client must present a certificate from the trusted CA. */
        MTLS("MTLS", "SSL"),
        /** SASL without TLS: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER. */
        SASL_PLAINTEXT("SASL_PLAINTEXT", "SASL_PLAINTEXT"),
        /** SASL over TLS (server authentication): the same mechanisms as {@link #SASL_PLAINTEXT}. */
        SASL_SSL("SASL_SSL", "SASL_SSL"),
        /** TLS with a certificate that names only {@code wrong.example}: host-name verification must fail. */
        SSL_WRONG_HOST("WRONG_HOST", "SSL"),
        /** TLS with a certificate (right names, trusted CA) that expired long ago. */
        SSL_EXPIRED("EXPIRED", "SSL"),
        /** TLS with a certificate (right names) from a CA the clients do not trust. */
        SSL_UNTRUSTED("UNTRUSTED", "SSL"),
        /** SASL without TLS, with PLAIN as its only mechanism: the others must be refused. */
        SASL_PLAIN_ONLY("PLAIN_ONLY", "SASL_PLAINTEXT"),
        /**
         * SASL without TLS, every mechanism, with a session lifetime of {@link #REAUTH_MS}
         * ({@code connections.max.reauth.ms}): clients must re-authenticate (KIP-368) or the broker closes them.
         */
        SASL_REAUTH("REAUTH", "SASL_PLAINTEXT");

        private final String listenerName;
        private final String securityProtocol;

        Listener(String listenerName, String securityProtocol) {
            this.listenerName = listenerName;
            this.securityProtocol = securityProtocol;
        }

        /** The broker's name for the listener. */
        public String listenerName() {
            return listenerName;
        }

        /** The value of {@code security.protocol} for clients of this listener. */
        public String securityProtocol() {
            return securityProtocol;
        }

        public boolean tls() {
            return securityProtocol.contains("SSL");
        }

        public boolean sasl() {
            return securityProtocol.startsWith("SASL");
        }

        /** The host the listener is advertised under: the name in the certificate for TLS. */
        public String host() {
            return tls() ? "localhost" : "127.0.0.1";
        }

        private String prefix() {
            return "listener.name." + listenerName.toLowerCase(Locale.ROOT) + ".";
        }
    }

    private static final List<Listener> EXTRA = Arrays.stream(Listener.values())
            .filter(l -> l != Listener.PLAINTEXT).toList();

    private final KafkaCluster cluster;
    private final TestCertificates certificates;
    /** Port of each extra listener, per node id. */
    private final Map<Integer, Map<Listener, Integer>> ports;

    private SecuredCluster(KafkaCluster cluster, TestCertificates certificates,
            Map<Integer, Map<Listener, Integer>> ports) {
        this.cluster = cluster;
        this.certificates = certificates;
        this.ports = ports;
    }

    /** Starts {@code size} nodes with every listener and waits until they serve. */
    public static SecuredCluster start(int size) {
        TestCertificates certs = TestCertificates.shared();
        int[] free = KafkaCluster.freePorts(size * EXTRA.size());
        Map<Integer, Map<Listener, Integer>> ports = new LinkedHashMap<>();
        for (int node = 1; node <= size; node++) {
            Map<Listener, Integer> mine = new LinkedHashMap<>();
            for (int i = 0; i < EXTRA.size(); i++) {
                mine.put(EXTRA.get(i), free[(node - 1) * EXTRA.size() + i]);
            }
            ports.put(node, mine);
        }
        KafkaCluster cluster = KafkaCluster.start(size, Map.of(),
                (nodeId, brokerPort, controllerPort) -> brokerSettings(certs, ports.get(nodeId), brokerPort,
                        controllerPort),
                scramUsers());
        return new SecuredCluster(cluster, certs, ports);
    }

    /** The plain cluster: nodes, faults, topics, the (PLAINTEXT) admin client. */
    public KafkaCluster cluster() {
        return cluster;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** Creates a topic (through the PLAINTEXT listener) and waits until it is served. */
    public void createTopic(String name, int partitions, int replicationFactor) {
        cluster.createTopic(name, partitions, replicationFactor, Map.of());
    }

    /** {@code host:port} of the listener on every node, comma-separated. */
    public String bootstrap(Listener listener) {
        if (listener == Listener.PLAINTEXT) {
            return cluster.bootstrapServers();
        }
        return ports.values().stream().map(p -> listener.host() + ":" + p.get(listener))
                .collect(Collectors.joining(","));
    }

    /**
     * Ready-made client settings for a listener without SASL: {@code bootstrap.servers}, {@code security.protocol},
     * trust in the CA (PKCS12 truststore) for TLS listeners, and the client certificate (PKCS12) for {@link
     * Listener#MTLS}. For the failing TLS listeners the client trusts the usual CA: that is what makes them fail.
     */
    public Map<String, Object> clientProps(Listener listener) {
        if (listener.sasl()) {
            throw new IllegalArgumentException(listener + " needs a SASL mechanism: clientProps(listener, mechanism)");
        }
        return base(listener, StoreFormat.PKCS12);
    }

    /** As {@link #clientProps(Listener)}, with the stores in the given format. */
    public Map<String, Object> clientProps(Listener listener, StoreFormat format) {
        if (!listener.tls() || listener.sasl()) {
            throw new IllegalArgumentException(listener + " is not a TLS-only listener");
        }
        return base(listener, format);
    }

    /** Ready-made client settings for a SASL listener and mechanism, as {@link #USER} (any subject for OAUTHBEARER). */
    public Map<String, Object> clientProps(Listener listener, SaslMechanism mechanism) {
        return clientProps(listener, mechanism, USER, PASSWORD);
    }

    /** As {@link #clientProps(Listener, SaslMechanism)} with other credentials (negative tests). */
    public Map<String, Object> clientProps(Listener listener, SaslMechanism mechanism, String user, String password) {
        if (!listener.sasl()) {
            throw new IllegalArgumentException(listener + " has no SASL: clientProps(listener)");
        }
        Map<String, Object> p = base(listener, StoreFormat.PKCS12);
        p.putAll(mechanism == SaslMechanism.OAUTHBEARER ? SecurityClientProps.oauthBearer(user)
                : SecurityClientProps.saslPassword(mechanism, user, password));
        return p;
    }

    private Map<String, Object> base(Listener listener, StoreFormat format) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrap(listener));
        p.put("security.protocol", listener.securityProtocol());
        if (listener.tls()) {
            p.putAll(SecurityClientProps.truststore(certificates.ca(), format));
        }
        if (listener == Listener.MTLS) {
            p.putAll(SecurityClientProps.keystore(certificates.client(), format, true));
        }
        return p;
    }

    /** Broker log tails for failure reports. */
    public String describeForFailure() {
        return cluster.describeForFailure();
    }

    @Override
    public void close() {
        cluster.close();
    }

    // ---- broker side

    private static List<String> scramUsers() {
        List<String> args = new ArrayList<>();
        for (SaslMechanism m : SaslMechanism.values()) {
            if (m.isScram()) {
                args.add("--add-scram");
                args.add(m.kafkaName() + "=[name=" + USER + ",password=" + PASSWORD + "]");
            }
        }
        return args;
    }

    private static Map<String, String> brokerSettings(TestCertificates certs, Map<Listener, Integer> ports,
            int brokerPort, int controllerPort) {
        Map<String, String> s = new LinkedHashMap<>();
        List<String> listeners = new ArrayList<>(List.of("PLAINTEXT://127.0.0.1:" + brokerPort,
                "CONTROLLER://127.0.0.1:" + controllerPort));
        List<String> advertised = new ArrayList<>(List.of("PLAINTEXT://127.0.0.1:" + brokerPort));
        List<String> protocols = new ArrayList<>(List.of("PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT"));
        for (Listener l : EXTRA) {
            int port = ports.get(l);
            listeners.add(l.listenerName() + "://127.0.0.1:" + port);
            advertised.add(l.listenerName() + "://" + l.host() + ":" + port);
            protocols.add(l.listenerName() + ":" + l.securityProtocol());
            if (l.tls()) {
                s.putAll(tlsSettings(l, certs));
            }
            if (l.sasl()) {
                s.putAll(saslSettings(l));
            }
        }
        s.put("listeners", String.join(",", listeners));
        s.put("advertised.listeners", String.join(",", advertised));
        s.put("listener.security.protocol.map", String.join(",", protocols));
        return s;
    }

    private static Map<String, String> tlsSettings(Listener l, TestCertificates certs) {
        Identity served = switch (l) {
            case SSL_WRONG_HOST -> certs.wrongHostBroker();
            case SSL_EXPIRED -> certs.expiredBroker();
            case SSL_UNTRUSTED -> certs.untrustedBroker();
            default -> certs.broker();
        };
        Map<String, String> s = new LinkedHashMap<>();
        String p = l.prefix();
        s.put(p + "ssl.keystore.type", "PKCS12");
        s.put(p + "ssl.keystore.location", served.keystorePkcs12().toString());
        s.put(p + "ssl.keystore.password", served.keystorePassword());
        s.put(p + "ssl.key.password", served.keyPassword());
        if (l == Listener.MTLS) {
            s.put(p + "ssl.client.auth", "required");
            s.put(p + "ssl.truststore.type", "PKCS12");
            s.put(p + "ssl.truststore.location", certs.ca().truststorePkcs12().toString());
            s.put(p + "ssl.truststore.password", certs.ca().truststorePassword());
        }
        return s;
    }

    private static Map<String, String> saslSettings(Listener l) {
        Map<String, String> s = new LinkedHashMap<>();
        String p = l.prefix();
        List<SaslMechanism> enabled = l == Listener.SASL_PLAIN_ONLY ? List.of(SaslMechanism.PLAIN)
                : List.of(SaslMechanism.values());
        if (l == Listener.SASL_REAUTH) {
            s.put(p + "connections.max.reauth.ms", Long.toString(REAUTH_MS));
        }
        s.put(p + "sasl.enabled.mechanisms",
                enabled.stream().map(SaslMechanism::kafkaName).collect(Collectors.joining(",")));
        for (SaslMechanism m : enabled) {
            String jaas = switch (m) {
                case PLAIN -> PLAIN_MODULE + " required user_" + USER + "=\"" + PASSWORD + "\";";
                case SCRAM_SHA_256, SCRAM_SHA_512 -> m.loginModule() + " required;";
                case OAUTHBEARER -> m.loginModule() + " required unsecuredLoginStringClaim_sub=\"broker\";";
            };
            s.put(p + m.kafkaName().toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas);
        }
        return s;
    }
}
