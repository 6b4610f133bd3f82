package dev.vltava.producer;

import dev.vltava.producer.internal.config.ConfigValues;
import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ssl.*} settings, with Kafka's keys and defaults. Part of {@link SecurityConfig}; used when
 * {@code security.protocol} is SSL or SASL_SSL.
 *
 * <p>Stores: {@code JKS}, {@code PKCS12} (files) and {@code PEM} (a file, or the PEM text itself in
 * {@code ssl.truststore.certificates}, {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key}). Only the
 * combinations are checked here; the files are read, and their passwords checked, when the producer is created.
 * Secrets (passwords, a PEM private key) are held as {@link Password}s.
 */
public final class SslConfig {

    /** The {@code ssl.protocol} key. */
    public static final String SSL_PROTOCOL_CONFIG = "ssl.protocol";
    /** The {@code ssl.enabled.protocols} key. */
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = "ssl.enabled.protocols";
    /** The {@code ssl.cipher.suites} key. */
    public static final String SSL_CIPHER_SUITES_CONFIG = "ssl.cipher.suites";
    /** The {@code ssl.endpoint.identification.algorithm} key. */
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG = "ssl.endpoint.identification.algorithm";
    /** The {@code ssl.truststore.type} key. */
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "ssl.truststore.type";
    /** The {@code ssl.truststore.location} key. */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "ssl.truststore.location";
    /** The {@code ssl.truststore.password} key. */
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "ssl.truststore.password";
    /** The {@code ssl.truststore.certificates} key. */
    public static final String SSL_TRUSTSTORE_CERTIFICATES_CONFIG = "ssl.truststore.certificates";
    /** The {@code ssl.keystore.type} key. */
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "ssl.keystore.type";
    /** The {@code ssl.keystore.location} key. */
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    /** The {@code ssl.keystore.password} key. */
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    /** The {@code ssl.keystore.certificate.chain} key. */
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG = "ssl.keystore.certificate.chain";
    /** The {@code ssl.keystore.key} key. */
    public static final String SSL_KEYSTORE_KEY_CONFIG = "ssl.keystore.key";
    /** The {@code ssl.key.password} key. */
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";
    /** The {@code ssl.keymanager.algorithm} key. */
    public static final String SSL_KEYMANAGER_ALGORITHM_CONFIG = "ssl.keymanager.algorithm";
    /** The {@code ssl.trustmanager.algorithm} key. */
    public static final String SSL_TRUSTMANAGER_ALGORITHM_CONFIG = "ssl.trustmanager.algorithm";
    /** The {@code ssl.secure.random.implementation} key. */
    public static final String SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG = "ssl.secure.random.implementation";
    /** The {@code ssl.provider} key. */
    public static final String SSL_PROVIDER_CONFIG = "ssl.provider";
    /** The {@code ssl.engine.factory.class} key. */
    public static final String SSL_ENGINE_FACTORY_CLASS_CONFIG = "ssl.engine.factory.class";

    /** Store type of PEM files and PEM text in the configuration. */
    public static final String PEM = "PEM";

    private static final Set<String> FILE_STORE_TYPES = Set.of("JKS", "PKCS12");

    private final String protocol;
    private final List<String> enabledProtocols;
    private final List<String> cipherSuites;
    private final String endpointIdentificationAlgorithm;
    private final String truststoreType;
    private final String truststoreLocation;
    private final Password truststorePassword;
    private final Password truststoreCertificates;
    private final String keystoreType;
    private final String keystoreLocation;
    private final Password keystorePassword;
    private final Password keystoreCertificateChain;
    private final Password keystoreKey;
    private final Password keyPassword;
    private final String keymanagerAlgorithm;
    private final String trustmanagerAlgorithm;
    private final String secureRandomImplementation;
    private final String provider;
    private final Object engineFactoryClass;

    /**
     * @param used true if security.protocol uses TLS: only then are the combinations checked, since Kafka accepts
     *             (and ignores) any ssl.* values on a plaintext connection
     */
    SslConfig(ConfigValues v, Map<String, Object> effective, boolean used) {
        protocol = put(effective, SSL_PROTOCOL_CONFIG, v.stringValue(def(SSL_PROTOCOL_CONFIG)));
        enabledProtocols = put(effective, SSL_ENABLED_PROTOCOLS_CONFIG,
                v.listValue(def(SSL_ENABLED_PROTOCOLS_CONFIG)));
        cipherSuites = put(effective, SSL_CIPHER_SUITES_CONFIG, v.listValue(def(SSL_CIPHER_SUITES_CONFIG)));
        endpointIdentificationAlgorithm = put(effective, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
                v.stringValue(def(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG)));
        truststoreCertificates = put(effective, SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
                password(v, SSL_TRUSTSTORE_CERTIFICATES_CONFIG));
        keystoreCertificateChain = put(effective, SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
                password(v, SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG));
        keystoreKey = put(effective, SSL_KEYSTORE_KEY_CONFIG, password(v, SSL_KEYSTORE_KEY_CONFIG));
        truststoreType = put(effective, SSL_TRUSTSTORE_TYPE_CONFIG,
                storeType(v, SSL_TRUSTSTORE_TYPE_CONFIG, truststoreCertificates != null));
        truststoreLocation = put(effective, SSL_TRUSTSTORE_LOCATION_CONFIG, location(v, SSL_TRUSTSTORE_LOCATION_CONFIG));
        truststorePassword = put(effective, SSL_TRUSTSTORE_PASSWORD_CONFIG, password(v, SSL_TRUSTSTORE_PASSWORD_CONFIG));
        keystoreType = put(effective, SSL_KEYSTORE_TYPE_CONFIG,
                storeType(v, SSL_KEYSTORE_TYPE_CONFIG, keystoreKey != null || keystoreCertificateChain != null));
        keystoreLocation = put(effective, SSL_KEYSTORE_LOCATION_CONFIG, location(v, SSL_KEYSTORE_LOCATION_CONFIG));
        keystorePassword = put(effective, SSL_KEYSTORE_PASSWORD_CONFIG, password(v, SSL_KEYSTORE_PASSWORD_CONFIG));
        keyPassword = put(effective, SSL_KEY_PASSWORD_CONFIG, password(v, SSL_KEY_PASSWORD_CONFIG));
        keymanagerAlgorithm = put(effective, SSL_KEYMANAGER_ALGORITHM_CONFIG,
                v.stringValue(def(SSL_KEYMANAGER_ALGORITHM_CONFIG)));
        trustmanagerAlgorithm = put(effective, SSL_TRUSTMANAGER_ALGORITHM_CONFIG,
                v.stringValue(def(SSL_TRUSTMANAGER_ALGORITHM_CONFIG)));
        secureRandomImplementation = put(effective, SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG,
                optional(v, SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG));
        provider = put(effective, SSL_PROVIDER_CONFIG, optional(v, SSL_PROVIDER_CONFIG));
        engineFactoryClass = put(effective, SSL_ENGINE_FACTORY_CLASS_CONFIG, engineFactory(v));
        if (used) {
            checkTruststore();
            checkKeystore();
        }
    }

    private void checkTruststore() {
        if (truststoreCertificates != null) {
            if (!PEM.equals(truststoreType)) {
                throw new ConfigException(List.of(SSL_TRUSTSTORE_CERTIFICATES_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG),
                        SSL_TRUSTSTORE_CERTIFICATES_CONFIG + " holds PEM certificates, but " + SSL_TRUSTSTORE_TYPE_CONFIG
                                + " is " + truststoreType + ": set it to PEM");
            }
            if (truststoreLocation != null) {
                throw new ConfigException(List.of(SSL_TRUSTSTORE_CERTIFICATES_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG),
                        "Set either " + SSL_TRUSTSTORE_CERTIFICATES_CONFIG + " or " + SSL_TRUSTSTORE_LOCATION_CONFIG
                                + ", not both");
            }
        }
        if (PEM.equals(truststoreType) && truststorePassword != null) {
            throw new ConfigException(List.of(SSL_TRUSTSTORE_PASSWORD_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG),
                    "A PEM trust store has no password: remove " + SSL_TRUSTSTORE_PASSWORD_CONFIG);
        }
    }

    private void checkKeystore() {
        boolean pemText = keystoreKey != null || keystoreCertificateChain != null;
        if (pemText) {
            if (!PEM.equals(keystoreType)) {
                throw new ConfigException(List.of(keystoreKey != null ? SSL_KEYSTORE_KEY_CONFIG
                        : SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, SSL_KEYSTORE_TYPE_CONFIG),
                        SSL_KEYSTORE_KEY_CONFIG + " and " + SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG + " hold PEM text, but "
                                + SSL_KEYSTORE_TYPE_CONFIG + " is " + keystoreType + ": set it to PEM");
            }
            if (keystoreKey == null) {
                throw new ConfigException(List.of(SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, SSL_KEYSTORE_KEY_CONFIG),
                        SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG + " is set without " + SSL_KEYSTORE_KEY_CONFIG
                                + ": mutual TLS needs the private key of the certificate too");
            }
            if (keystoreCertificateChain == null) {
                throw new ConfigException(List.of(SSL_KEYSTORE_KEY_CONFIG, SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG),
                        SSL_KEYSTORE_KEY_CONFIG + " is set without " + SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG
                                + ": mutual TLS needs the certificate chain of the key too");
            }
            if (keystoreLocation != null) {
                throw new ConfigException(List.of(SSL_KEYSTORE_KEY_CONFIG, SSL_KEYSTORE_LOCATION_CONFIG),
                        "Set either " + SSL_KEYSTORE_KEY_CONFIG + " with " + SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG
                                + ", or " + SSL_KEYSTORE_LOCATION_CONFIG + ", not both");
            }
        }
        if (keystoreLocation != null && !PEM.equals(keystoreType) && keystorePassword == null) {
            throw new ConfigException(List.of(SSL_KEYSTORE_PASSWORD_CONFIG, SSL_KEYSTORE_LOCATION_CONFIG),
                    SSL_KEYSTORE_LOCATION_CONFIG + " is set but " + SSL_KEYSTORE_PASSWORD_CONFIG + " is not: a "
                            + keystoreType + " key store needs its password");
        }
        if (keystoreLocation == null && !pemText && (keystorePassword != null || keyPassword != null)) {
            String key = keystorePassword != null ? SSL_KEYSTORE_PASSWORD_CONFIG : SSL_KEY_PASSWORD_CONFIG;
            throw new ConfigException(List.of(key, SSL_KEYSTORE_LOCATION_CONFIG), key + " is set but there is no key "
                    + "store: set " + SSL_KEYSTORE_LOCATION_CONFIG + " (or " + SSL_KEYSTORE_KEY_CONFIG + " and "
                    + SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG + " with " + SSL_KEYSTORE_TYPE_CONFIG + "=PEM)");
        }
    }

    /** A {@link Class} or class name, or an {@link SslEngineFactory} instance (used as given, not configured). */
    private static Object engineFactory(ConfigValues v) {
        Object raw = v.raw().get(SSL_ENGINE_FACTORY_CLASS_CONFIG);
        return raw instanceof SslEngineFactory ? raw : v.classValue(SSL_ENGINE_FACTORY_CLASS_CONFIG);
    }

    private static SettingDef def(String key) {
        return Settings.get(key);
    }

    private static <T> T put(Map<String, Object> effective, String key, T value) {
        effective.put(key, value);
        return value;
    }

    /** A store type, upper-cased; PEM when not set but PEM text is given for that store. */
    private static String storeType(ConfigValues v, String key, boolean pemTextGiven) {
        String type = optional(v, key);
        if (type == null) {
            return pemTextGiven ? PEM : (String) def(key).defaultValue();
        }
        String upper = type.toUpperCase(Locale.ROOT);
        // Other types (a provider's own) are passed to KeyStore.getInstance as given.
        return FILE_STORE_TYPES.contains(upper) || upper.equals(PEM) ? upper : type;
    }

    private static String location(ConfigValues v, String key) {
        return optional(v, key);
    }

    /** A string, or null when not set or empty. */
    private static String optional(ConfigValues v, String key) {
        String s = v.stringValue(key, null);
        return s == null || s.isEmpty() ? null : s;
    }

    /** A secret: a {@link Password} or a string; null when not set. Never echoes the value in an error. */
    static Password password(ConfigValues v, String key) {
        Object raw = v.raw().get(key);
        if (raw == null) {
            return null;
        }
        if (raw instanceof Password p) {
            return p;
        }
        if (raw instanceof String s) {
            return new Password(s);
        }
        throw new ConfigException(List.of(key), "Invalid value for configuration '" + key + "': must be a Password "
                + "or a string but was a " + raw.getClass().getName());
    }

    /** {@return {@code ssl.protocol}: the protocol of the SSLContext (default TLSv1.3).} */
    public String protocol() {
        return protocol;
    }

    /** {@return {@code ssl.enabled.protocols} (default TLSv1.2, TLSv1.3).} */
    public List<String> enabledProtocols() {
        return enabledProtocols;
    }

    /** {@return {@code ssl.cipher.suites}; empty (the default) = the JDK's defaults.} */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * {@return {@code ssl.endpoint.identification.algorithm}: "https" (default) verifies the host name; "" turns it
     * off.}
     */
    public String endpointIdentificationAlgorithm() {
        return endpointIdentificationAlgorithm;
    }

    /** {@return true if the broker's certificate must match the host name the producer connects to.} */
    public boolean verifiesHostName() {
        return !endpointIdentificationAlgorithm.isEmpty();
    }

    /** {@return {@code ssl.truststore.type}: JKS, PKCS12, PEM or a provider's own type} */
    public String truststoreType() {
        return truststoreType;
    }

    /** {@return {@code ssl.truststore.location}; null if not set (then the JDK's default trust store is used).} */
    public String truststoreLocation() {
        return truststoreLocation;
    }

    /** {@return {@code ssl.truststore.password}; null if not set} */
    public Password truststorePassword() {
        return truststorePassword;
    }

    /** {@return {@code ssl.truststore.certificates}: trusted certificates as PEM text; null if not set.} */
    public Password truststoreCertificates() {
        return truststoreCertificates;
    }

    /** {@return {@code ssl.keystore.type}: JKS, PKCS12, PEM or a provider's own type} */
    public String keystoreType() {
        return keystoreType;
    }

    /** {@return {@code ssl.keystore.location}; null if not set.} */
    public String keystoreLocation() {
        return keystoreLocation;
    }

    /** {@return {@code ssl.keystore.password}; null if not set} */
    public Password keystorePassword() {
        return keystorePassword;
    }

    /**
     * {@return {@code ssl.keystore.certificate.chain}: the client's certificate chain as PEM text; null if not set.}
     */
    public Password keystoreCertificateChain() {
        return keystoreCertificateChain;
    }

    /**
     * {@return {@code ssl.keystore.key}: the client's private key as PEM text (PKCS#8, maybe encrypted); null if not
     * set.}
     */
    public Password keystoreKey() {
        return keystoreKey;
    }

    /** {@return {@code ssl.key.password}: the password of the private key; null if not set.} */
    public Password keyPassword() {
        return keyPassword;
    }

    /** {@return true if a key store is configured, so the client can present a certificate (mutual TLS).} */
    public boolean hasKeystore() {
        return keystoreLocation != null || keystoreKey != null;
    }

    /** {@return {@code ssl.keymanager.algorithm} (default: the JDK's)} */
    public String keymanagerAlgorithm() {
        return keymanagerAlgorithm;
    }

    /** {@return {@code ssl.trustmanager.algorithm} (default: the JDK's)} */
    public String trustmanagerAlgorithm() {
        return trustmanagerAlgorithm;
    }

    /** {@return {@code ssl.secure.random.implementation}; null = the JDK's default SecureRandom.} */
    public String secureRandomImplementation() {
        return secureRandomImplementation;
    }

    /** {@return {@code ssl.provider}: the security provider of the SSLContext; null = the JDK's default.} */
    public String provider() {
        return provider;
    }

    /**
     * {@code ssl.engine.factory.class}: a {@link Class} or class name of an {@link SslEngineFactory} that replaces the
     * built-in one (created and configured by the producer), or an instance (used as it is); null if not set.
     * @return the engine factory as given, or null
     */
    public Object engineFactoryClass() {
        return engineFactoryClass;
    }

    /** Names of the settings in use, secrets shown as [hidden]. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("protocol=" + protocol);
        parts.add("enabledProtocols=" + enabledProtocols);
        parts.add("truststore=" + describeStore(truststoreType, truststoreLocation, truststoreCertificates));
        parts.add("keystore=" + describeStore(keystoreType, keystoreLocation, keystoreKey));
        parts.add("hostNameVerification=" + verifiesHostName());
        return "SslConfig{" + String.join(", ", parts) + "}";
    }

    private static String describeStore(String type, String location, Password text) {
        if (location != null) {
            return type + ":" + location;
        }
        return text != null ? type + ":" + Password.HIDDEN : "none";
    }
}
