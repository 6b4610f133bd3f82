package dev.vltava.producer.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Certificates for TLS tests, made at test time with the running JDK's {@code keytool} (key pairs, signing) and the
 * JDK's own APIs (keystores, PEM): nothing is checked in and nothing new is a dependency.
 *
 * <p>What there is: a CA; a broker certificate for {@code localhost} / {@code 127.0.0.1} signed by it; a client
 * certificate signed by it (mutual TLS); a broker certificate naming only {@code wrong.example}; a broker certificate
 * that expired long ago; and a broker certificate (right names) from a second CA that nobody trusts. Each identity
 * comes as a PKCS12 and a JKS keystore (key entry with its chain up to the CA), as PEM (certificate chain, private key
 * as plain PKCS#8 and as encrypted PKCS#8) and as PEM keystore files (key followed by chain). Each CA comes as PEM and
 * as a PKCS12 and a JKS truststore. The key password differs from the store password everywhere, so a client that
 * ignores {@code ssl.key.password} fails.
 *
 * <p>{@link #shared()} makes them once per JVM (a few seconds: 17 short keytool runs, mostly in parallel).
 */
public record TestCertificates(Path dir, Authority ca, Authority untrustedCa, Identity broker, Identity client,
        Identity wrongHostBroker, Identity expiredBroker, Identity untrustedBroker) {

    /** Password of every keystore (PKCS12 and JKS). */
    public static final String KEYSTORE_PASSWORD = "vltava-keystore-secret";
    /** Password of the private key inside every keystore ({@code ssl.key.password}), not the store's. */
    public static final String KEY_PASSWORD = "vltava-key-secret";
    /** Password of every truststore. */
    public static final String TRUSTSTORE_PASSWORD = "vltava-truststore-secret";
    /** Password of every encrypted PKCS#8 PEM private key ({@code ssl.key.password} with PEM keys). */
    public static final String PEM_KEY_PASSWORD = "vltava-pem-key-secret";
    /** Alias of the one entry in every keystore and truststore. */
    public static final String ALIAS = "vltava";
    /** Encryption of the encrypted PEM keys: one the JDK's EncryptedPrivateKeyInfo (and so Kafka) can read back. */
    static final String PEM_KEY_CIPHER = "PBEWithSHA1AndDESede";

    private static final String WORK_PASSWORD = "vltava-work-secret";
    private static TestCertificates shared;

    /** A certificate authority: its certificate as PEM and in truststores. */
    public record Authority(String name, X509Certificate certificate, String certificatePem, Path certificatePemFile,
            Path truststorePkcs12, Path truststoreJks, String truststorePassword) {
        /** The truststore of the given type ({@code PKCS12} or {@code JKS}). */
        public Path truststore(String type) {
            return switch (type) {
                case "PKCS12" -> truststorePkcs12;
                case "JKS" -> truststoreJks;
                default -> throw new IllegalArgumentException("no " + type + " truststore (PKCS12 or JKS)");
            };
        }

        @Override
        public String toString() {
            return "Authority[" + name + ", " + certificate.getSubjectX500Principal() + "]";
        }
    }

    /**
     * A key pair with its certificate chain (leaf first, then the CA).
     *
     * @param pemKeystoreFile the plain private key followed by the chain (Kafka's PEM keystore file)
     * @param encryptedPemKeystoreFile the encrypted private key followed by the chain; key password
     *        {@link #PEM_KEY_PASSWORD}
     */
    public record Identity(String name, List<X509Certificate> chain, Path keystorePkcs12, Path keystoreJks,
            String keystorePassword, String keyPassword, String certificateChainPem, Path certificateChainPemFile,
            String privateKeyPem, Path privateKeyPemFile, String encryptedPrivateKeyPem,
            Path encryptedPrivateKeyPemFile, String encryptedPrivateKeyPassword, Path pemKeystoreFile,
            Path encryptedPemKeystoreFile) {
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The keystore of the given type ({@code PKCS12} or {@code JKS}). */
        public Path keystore(String type) {
            return switch (type) {
                case "PKCS12" -> keystorePkcs12;
                case "JKS" -> keystoreJks;
                default -> throw new IllegalArgumentException("no " + type + " keystore (PKCS12 or JKS)");
            };
        }

        /** Names the identity only: no key material in test output. */
        @Override
        public String toString() {
            return "Identity[" + name + ", " + certificate().getSubjectX500Principal() + "]";
        }
    }

    /** The certificates of this JVM, made on first use in a temporary directory removed when the JVM exits. */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("vltava-certs-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "vltava-certs-cleanup"));
                shared = generate(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Makes a fresh set of certificates in {@code dir} (created if missing). */
    public static TestCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir.resolve("work"));
            Keytool keytool = new Keytool(dir.resolve("work"));
            // CAs start a year back so that the expired certificate lies within its CA's validity
            List<Authority> cas = Stream.of("ca", "untrusted-ca").parallel()
                    .map(name -> authority(keytool, dir, name)).toList();
            Authority ca = cas.get(0);
            Authority untrusted = cas.get(1);
            List<LeafSpec> specs = List.of(
                    new LeafSpec("broker", "CN=localhost,O=Vltava test", ca, "san=dns:localhost,ip:127.0.0.1",
                            "-1d", 3650),
                    new LeafSpec("client", "CN=vltava-client,O=Vltava test", ca, null, "-1d", 3650),
                    new LeafSpec("wrong-host-broker", "CN=wrong.example,O=Vltava test", ca,
                            "san=dns:wrong.example", "-1d", 3650),
                    new LeafSpec("expired-broker", "CN=localhost,O=Vltava test", ca,
                            "san=dns:localhost,ip:127.0.0.1", "-30d", 1),
                    new LeafSpec("untrusted-broker", "CN=localhost,O=Vltava test", untrusted,
                            "san=dns:localhost,ip:127.0.0.1", "-1d", 3650));
            Map<String, Identity> ids = specs.parallelStream().map(s -> identity(keytool, dir, s))
                    .collect(Collectors.toMap(Identity::name, Function.identity()));
            return new TestCertificates(dir, ca, untrusted, ids.get("broker"), ids.get("client"),
                    ids.get("wrong-host-broker"), ids.get("expired-broker"), ids.get("untrusted-broker"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make test certificates in " + dir, e);
        }
    }

    private record LeafSpec(String name, String dname, Authority issuer, String san, String startDate,
            int validityDays) {
    }

    private static Authority authority(Keytool keytool, Path dir, String name) {
        Path work = keytool.workStore(name);
        keytool.run(null, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=Vltava test " + name + ",O=Vltava test", "-ext", "bc:c", "-startdate", "-365d",
                "-validity", "3650", "-keystore", work.toString(), "-storetype", "PKCS12",
                "-storepass", WORK_PASSWORD, "-keypass", WORK_PASSWORD);
        try {
            X509Certificate cert = (X509Certificate) load(work, "PKCS12", WORK_PASSWORD).getCertificate(ALIAS);
            String pem = pem("CERTIFICATE", cert.getEncoded());
            Path pemFile = write(dir.resolve(name + ".pem"), pem);
            Path p12 = dir.resolve(name + ".truststore.p12");
            Path jks = dir.resolve(name + ".truststore.jks");
            for (Map.Entry<String, Path> store : Map.of("PKCS12", p12, "JKS", jks).entrySet()) {
                KeyStore ks = empty(store.getKey());
                ks.setCertificateEntry(ALIAS, cert);
                save(ks, store.getValue(), TRUSTSTORE_PASSWORD);
            }
            return new Authority(name, cert, pem, pemFile, p12, jks, TRUSTSTORE_PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the " + name + " truststores", e);
        }
    }

    private static Identity identity(Keytool keytool, Path dir, LeafSpec spec) {
        Path work = keytool.workStore(spec.name());
        keytool.run(null, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", spec.dname(), "-validity", "1", "-keystore", work.toString(), "-storetype", "PKCS12",
                "-storepass", WORK_PASSWORD, "-keypass", WORK_PASSWORD);
        byte[] request = keytool.run(null, "-certreq", "-alias", ALIAS, "-keystore", work.toString(),
                "-storepass", WORK_PASSWORD);
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", ALIAS,
                "-keystore", keytool.workStore(spec.issuer().name()).toString(), "-storepass", WORK_PASSWORD,
                "-startdate", spec.startDate(), "-validity", Integer.toString(spec.validityDays())));
        if (spec.san() != null) {
            sign.addAll(List.of("-ext", spec.san()));
        }
        byte[] signed = keytool.run(request, sign.toArray(String[]::new));
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(signed));
            List<X509Certificate> chain = List.of(leaf, spec.issuer().certificate());
            PrivateKey key = (PrivateKey) load(work, "PKCS12", WORK_PASSWORD).getKey(ALIAS,
                    WORK_PASSWORD.toCharArray());
            String name = spec.name();
            Path p12 = dir.resolve(name + ".keystore.p12");
            Path jks = dir.resolve(name + ".keystore.jks");
            for (Map.Entry<String, Path> store : Map.of("PKCS12", p12, "JKS", jks).entrySet()) {
                KeyStore ks = empty(store.getKey());
                ks.setKeyEntry(ALIAS, key, KEY_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
                save(ks, store.getValue(), KEYSTORE_PASSWORD);
            }
            StringBuilder chainPem = new StringBuilder();
            for (X509Certificate c : chain) {
                chainPem.append(pem("CERTIFICATE", c.getEncoded()));
            }
            String keyPem = pem("PRIVATE KEY", key.getEncoded());
            String encryptedKeyPem = pem("ENCRYPTED PRIVATE KEY", encrypt(key, PEM_KEY_PASSWORD));
            return new Identity(name, chain, p12, jks, KEYSTORE_PASSWORD, KEY_PASSWORD, chainPem.toString(),
                    write(dir.resolve(name + ".chain.pem"), chainPem.toString()), keyPem,
                    write(dir.resolve(name + ".key.pem"), keyPem), encryptedKeyPem,
                    write(dir.resolve(name + ".key.encrypted.pem"), encryptedKeyPem), PEM_KEY_PASSWORD,
                    write(dir.resolve(name + ".keystore.pem"), keyPem + chainPem),
                    write(dir.resolve(name + ".keystore.encrypted.pem"), encryptedKeyPem + chainPem));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the " + spec.name() + " keystores", e);
        }
    }

    /** PKCS#8 EncryptedPrivateKeyInfo, password-based (PKCS#12 PBE), as {@code openssl pkcs8 -topk8} makes. */
    static byte[] encrypt(PrivateKey key, String password) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        SecretKey pbeKey = SecretKeyFactory.getInstance(PEM_KEY_CIPHER)
                .generateSecret(new PBEKeySpec(password.toCharArray()));
        Cipher cipher = Cipher.getInstance(PEM_KEY_CIPHER);
        cipher.init(Cipher.ENCRYPT_MODE, pbeKey, new PBEParameterSpec(salt, 10_000));
        try {
            return new EncryptedPrivateKeyInfo(cipher.getParameters(), cipher.doFinal(key.getEncoded())).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an EncryptedPrivateKeyInfo", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore empty(String type) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(null, null);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an empty " + type + " store", e);
        }
    }

    static KeyStore load(Path file, String type, String password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void save(KeyStore ks, Path file, String password) throws GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }

    /** The running JDK's keytool, as a child process; its key stores live in one work directory. */
    private record Keytool(Path workDir) {
        Path workStore(String name) {
            return workDir.resolve(name + ".p12");
        }

        /** Runs keytool with {@code stdin} as its input (or none); returns its standard output. */
        byte[] run(byte[] stdin, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            // a short-lived JVM: no tiered compilation beyond C1, the serial collector
            cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xmx64m", "-noprompt"));
            cmd.addAll(List.of(args));
            Path err = workDir.resolve("keytool-" + Thread.currentThread().getId() + "-" + System.nanoTime() + ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("keytool " + String.join(" ", redacted(args)) + " exited with "
                            + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8)
                            + Files.readString(err));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }

        private static List<String> redacted(String[] args) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                boolean secret = i > 0 && (args[i - 1].equals("-storepass") || args[i - 1].equals("-keypass"));
                out.add(secret ? "[hidden]" : args[i]);
            }
            return out;
        }
    }
}
