package dev.vltava.producer.testkit;

import dev.vltava.producer.testkit.TestCertificates.Authority;
import dev.vltava.producer.testkit.TestCertificates.Identity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client settings for secured listeners, with Kafka's own keys and string values, so the same map configures the
 * official client and Vltava. Each method returns a fresh mutable map; combine them with {@code putAll}.
 */
public final class SecurityClientProps {
    /** How a client is given its certificates: the store types Kafka knows, and PEM inline in the config. */
    public enum StoreFormat {
        PKCS12, JKS,
        /** {@code ssl.*.type=PEM} with {@code ssl.*.location} pointing at PEM files. */
        PEM_FILE,
        /** {@code ssl.truststore.certificates}, {@code ssl.keystore.certificate.chain}, {@code ssl.keystore.key}. */
        PEM_STRING
    }

    private SecurityClientProps() {
    }

    /** Trust in {@code ca}: {@code ssl.truststore.*} (host-name verification stays on, the default). */
    public static Map<String, Object> truststore(Authority ca, StoreFormat format) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (format) {
            case PKCS12, JKS -> {
                p.put("ssl.truststore.type", format.name());
                p.put("ssl.truststore.location", ca.truststore(format.name()).toString());
                p.put("ssl.truststore.password", ca.truststorePassword());
            }
            case PEM_FILE -> {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", ca.certificatePemFile().toString());
            }
            case PEM_STRING -> {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.certificates", ca.certificatePem());
            }
        }
        return p;
    }

    /**
     * The client's own certificate for mutual TLS: {@code ssl.keystore.*} and {@code ssl.key.password}. The PEM forms
     * use the encrypted private key when {@code encryptedKey}, the plain one otherwise (no key password then).
     */
    public static Map<String, Object> keystore(Identity id, StoreFormat format, boolean encryptedKey) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (format) {
            case PKCS12, JKS -> {
                p.put("ssl.keystore.type", format.name());
                p.put("ssl.keystore.location", id.keystore(format.name()).toString());
                p.put("ssl.keystore.password", id.keystorePassword());
                p.put("ssl.key.password", id.keyPassword());
            }
            case PEM_FILE -> {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.location",
                        (encryptedKey ? id.encryptedPemKeystoreFile() : id.pemKeystoreFile()).toString());
            }
            case PEM_STRING -> {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.certificate.chain", id.certificateChainPem());
                p.put("ssl.keystore.key", encryptedKey ? id.encryptedPrivateKeyPem() : id.privateKeyPem());
            }
        }
        if ((format == StoreFormat.PEM_FILE || format == StoreFormat.PEM_STRING) && encryptedKey) {
            p.put("ssl.key.password", id.encryptedPrivateKeyPassword());
        }
        return p;
    }

    /** {@code sasl.mechanism} and a {@code sasl.jaas.config} line for a user name and password (PLAIN, SCRAM). */
    public static Map<String, Object> saslPassword(SaslMechanism mechanism, String user, String password) {
        if (mechanism == SaslMechanism.OAUTHBEARER) {
            throw new IllegalArgumentException("OAUTHBEARER takes a token, not a password: use oauthBearer(subject)");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sasl.mechanism", mechanism.kafkaName());
        p.put("sasl.jaas.config", mechanism.loginModule() + " required username=\"" + user + "\" password=\""
                + password + "\";");
        return p;
    }

    /**
     * OAUTHBEARER with an unsecured (unsigned) token for {@code subject}, made by the client's default login
     * callback handler; the broker's default validator accepts it.
     */
    public static Map<String, Object> oauthBearer(String subject) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sasl.mechanism", SaslMechanism.OAUTHBEARER.kafkaName());
        p.put("sasl.jaas.config", SaslMechanism.OAUTHBEARER.loginModule() + " required unsecuredLoginStringClaim_sub=\""
                + subject + "\";");
        return p;
    }
}
