package dev.vltava.producer.internal.security;

import static dev.vltava.producer.SslConfig.SSL_KEYMANAGER_ALGORITHM_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_KEYSTORE_KEY_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_KEYSTORE_LOCATION_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_KEYSTORE_PASSWORD_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_KEY_PASSWORD_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_PROTOCOL_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_PROVIDER_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_TRUSTMANAGER_ALGORITHM_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_TRUSTSTORE_CERTIFICATES_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.Password;
import dev.vltava.producer.SslConfig;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the client {@link SSLContext} from the {@code ssl.*} settings: key managers, trust managers, randomness. */
final class ClientSslContext {

    private ClientSslContext() {
    }

    static SSLContext create(SslConfig ssl) {
        KeyManager[] keyManagers = ssl.hasKeystore() ? keyManagers(ssl) : null;
        TrustManager[] trustManagers = trustManagers(ssl);
        SSLContext context;
        try {
            context = ssl.provider() == null ? SSLContext.getInstance(ssl.protocol())
                    : SSLContext.getInstance(ssl.protocol(), ssl.provider());
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(List.of(SSL_PROTOCOL_CONFIG), "ssl.protocol '" + ssl.protocol()
                    + "' is not supported by this JVM" + (ssl.provider() == null ? "" : " with provider " + ssl.provider()),
                    e);
        } catch (NoSuchProviderException e) {
            throw new ConfigException(List.of(SSL_PROVIDER_CONFIG), "ssl.provider '" + ssl.provider()
                    + "' is not installed in this JVM", e);
        }
        try {
            context.init(keyManagers, trustManagers, secureRandom(ssl));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(List.of(SSL_PROTOCOL_CONFIG), "Cannot set up TLS: " + e.getMessage(), e);
        }
        return context;
    }

    private static SecureRandom secureRandom(SslConfig ssl) {
        if (ssl.secureRandomImplementation() == null) {
            return null; // the JDK's default
        }
        try {
            return SecureRandom.getInstance(ssl.secureRandomImplementation());
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(List.of(SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG), "ssl.secure.random.implementation '"
                    + ssl.secureRandomImplementation() + "' is not available in this JVM", e);
        }
    }

    private static KeyManager[] keyManagers(SslConfig ssl) {
        KeyStore store;
        Password keyPassword;
        String passwordKey;
        if (ssl.keystoreKey() != null) {
            store = Stores.privateKeyEntry(ssl.keystoreCertificateChain().value(), SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
                    ssl.keystoreKey().value(), SSL_KEYSTORE_KEY_CONFIG, ssl.keyPassword(), SSL_KEY_PASSWORD_CONFIG,
                    SSL_KEYSTORE_KEY_CONFIG + " and " + SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG);
            keyPassword = null;
            passwordKey = SSL_KEY_PASSWORD_CONFIG;
        } else if (Stores.isPem(ssl.keystoreType())) {
            String location = ssl.keystoreLocation();
            String pem = Stores.readPemFile(location, SSL_KEYSTORE_LOCATION_CONFIG);
            String source = SSL_KEYSTORE_LOCATION_CONFIG + " '" + location + "'";
            store = Stores.privateKeyEntry(pem, SSL_KEYSTORE_LOCATION_CONFIG, pem, SSL_KEYSTORE_LOCATION_CONFIG,
                    ssl.keyPassword(), SSL_KEY_PASSWORD_CONFIG, source);
            keyPassword = null;
            passwordKey = SSL_KEY_PASSWORD_CONFIG;
        } else {
            store = Stores.loadFile(ssl.keystoreType(), ssl.keystoreLocation(), ssl.keystorePassword(),
                    SSL_KEYSTORE_LOCATION_CONFIG, SSL_KEYSTORE_PASSWORD_CONFIG);
            // As in Kafka: the key's password defaults to the store's.
            keyPassword = ssl.keyPassword() != null ? ssl.keyPassword() : ssl.keystorePassword();
            passwordKey = ssl.keyPassword() != null ? SSL_KEY_PASSWORD_CONFIG : SSL_KEYSTORE_PASSWORD_CONFIG;
        }
        char[] chars = keyPassword == null ? Stores.pemKeyStorePassword() : keyPassword.value().toCharArray();
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(ssl.keymanagerAlgorithm());
            factory.init(store, chars);
            return factory.getKeyManagers();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(List.of(SSL_KEYMANAGER_ALGORITHM_CONFIG), "ssl.keymanager.algorithm '"
                    + ssl.keymanagerAlgorithm() + "' is not available in this JVM", e);
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(List.of(passwordKey, SSL_KEYSTORE_LOCATION_CONFIG), "Cannot read the private key "
                    + "in " + SSL_KEYSTORE_LOCATION_CONFIG + " '" + ssl.keystoreLocation() + "': the password in "
                    + passwordKey + " is wrong", e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(List.of(SSL_KEYSTORE_LOCATION_CONFIG), "Cannot use the key store: "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static TrustManager[] trustManagers(SslConfig ssl) {
        KeyStore store;
        if (ssl.truststoreCertificates() != null) {
            store = Stores.trustedCertificates(ssl.truststoreCertificates().value(), SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
                    SSL_TRUSTSTORE_CERTIFICATES_CONFIG);
        } else if (ssl.truststoreLocation() == null) {
            store = null; // the JDK's default trust store (cacerts)
        } else if (Stores.isPem(ssl.truststoreType())) {
            String location = ssl.truststoreLocation();
            store = Stores.trustedCertificates(Stores.readPemFile(location, SSL_TRUSTSTORE_LOCATION_CONFIG),
                    SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG + " '" + location + "'");
        } else {
            store = Stores.loadFile(ssl.truststoreType(), ssl.truststoreLocation(), ssl.truststorePassword(),
                    SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_PASSWORD_CONFIG);
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(ssl.trustmanagerAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(List.of(SSL_TRUSTMANAGER_ALGORITHM_CONFIG), "ssl.trustmanager.algorithm '"
                    + ssl.trustmanagerAlgorithm() + "' is not available in this JVM", e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(List.of(SSL_TRUSTSTORE_LOCATION_CONFIG), "Cannot use the trust store: "
                    + e.getMessage(), e);
        }
    }
}
