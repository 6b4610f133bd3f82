package dev.vltava.producer.internal.security;

import static dev.vltava.producer.SslConfig.PEM;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.Password;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads trust and key stores: JKS and PKCS12 files through {@link KeyStore}, PEM files and PEM text through
 * {@link Pem} into an in-memory store. Every failure is a {@link ConfigException} that names the setting and the file
 * (or says the PEM text of which setting), and says in plain words what is wrong; a password never appears.
 */
final class Stores {

    /** The password of the in-memory store that PEM keys are put in (not a secret: the store never leaves memory). */
    private static final String PEM_KEY_STORE_PASSWORD = "vltava-in-memory-pem-store";
    private static final String KEY_ALIAS = "vltava-client-key";

    private Stores() {
    }

    /**
     * A store from a file. The password may be null: a trust store is then read without its integrity check (as the
     * JDK allows), a key store cannot be.
     */
    static KeyStore loadFile(String type, String location, Password password, String locationKey, String passwordKey) {
        Path path = Path.of(location);
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new ConfigException(List.of(locationKey), "Key store type '" + type + "' of " + location
                    + " is not supported by this JVM (JKS, PKCS12 and PEM are)", e);
        }
        char[] chars = password == null ? null : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, chars);
            return store;
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(locationKey), "Cannot read " + locationKey + " '" + location
                    + "': no such file", e);
        } catch (IOException e) {
            if (isWrongPassword(e)) {
                throw new ConfigException(List.of(passwordKey, locationKey), "Cannot open " + locationKey + " '"
                        + location + "': the password in " + passwordKey + " is wrong", e);
            }
            throw new ConfigException(List.of(locationKey), "Cannot read " + locationKey + " '" + location + "' as a "
                    + type + " store: " + e.getMessage() + " (is " + type + " its type?)", e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(List.of(locationKey), "Cannot read " + locationKey + " '" + location + "' as a "
                    + type + " store: " + e.getMessage(), e);
        } finally {
            if (chars != null) {
                java.util.Arrays.fill(chars, '\0');
            }
        }
    }

    /** Trusted certificates from PEM text (a file's or a setting's); source says where it came from. */
    static KeyStore trustedCertificates(String pem, String sourceKey, String source) {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(pem);
        } catch (Pem.PemException e) {
            throw new ConfigException(List.of(sourceKey), "Cannot read the trusted certificates of " + source + ": "
                    + e.getMessage(), e);
        }
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(List.of(sourceKey), "Cannot build a trust store from " + source + ": " + e, e);
        }
    }

    /**
     * A key store holding one private key with its certificate chain, from PEM text. The key's password (ssl.key.password)
     * decrypts an encrypted key; the store itself uses {@link #pemKeyStorePassword()}.
     */
    static KeyStore privateKeyEntry(String chainPem, String chainKey, String keyPem, String keyKey,
            Password keyPassword, String passwordKey, String source) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(chainPem);
        } catch (Pem.PemException e) {
            throw new ConfigException(List.of(chainKey), "Cannot read the certificate chain of " + source + ": "
                    + e.getMessage(), e);
        }
        PrivateKey key;
        char[] chars = keyPassword == null ? null : keyPassword.value().toCharArray();
        try {
            key = Pem.privateKey(keyPem, chars);
        } catch (Pem.PemException e) {
            List<String> keys = e.getMessage().contains("password") ? List.of(passwordKey, keyKey) : List.of(keyKey);
            throw new ConfigException(keys, "Cannot read the private key of " + source + ": " + e.getMessage(), e);
        } finally {
            if (chars != null) {
                java.util.Arrays.fill(chars, '\0');
            }
        }
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry(KEY_ALIAS, key, pemKeyStorePassword(), chain.toArray(new Certificate[0]));
            return store;
        } catch (KeyStoreException e) {
            throw new ConfigException(List.of(keyKey, chainKey), "The private key of " + source + " does not fit its "
                    + "certificate chain: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(List.of(keyKey), "Cannot build a key store from " + source + ": " + e, e);
        }
    }

    /** A PEM file's text. */
    static String readPemFile(String location, String locationKey) {
        try {
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(locationKey), "Cannot read " + locationKey + " '" + location
                    + "': no such file", e);
        } catch (IOException e) {
            throw new ConfigException(List.of(locationKey), "Cannot read " + locationKey + " '" + location + "': "
                    + e.getMessage(), e);
        }
    }

    /** A fresh copy of the in-memory PEM store's password (callers may wipe it). */
    static char[] pemKeyStorePassword() {
        return PEM_KEY_STORE_PASSWORD.toCharArray();
    }

    static boolean isPem(String type) {
        return PEM.equals(type);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** JKS and PKCS12 report a wrong store password as an IOException caused by an UnrecoverableKeyException. */
    static boolean isWrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecoverableKeyException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("password was incorrect")) {
                return true;
            }
        }
        return false;
    }
}
