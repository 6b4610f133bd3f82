package dev.vltava.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate for benchmarks over TLS, made with the running JDK's {@code keytool}: a PKCS12
 * keystore for the broker (subject alternative names localhost and 127.0.0.1, so host-name verification stays on) and
 * a PKCS12 truststore holding that certificate for the clients. Throwaway material in the broker's temp directory.
 */
record TlsFiles(Path keystore, Path truststore, String password) {

    static TlsFiles generate(Path dir) {
        String password = "bench-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password);
        return new TlsFiles(keystore, truststore, password);
    }

    /** The broker's settings for a listener of security protocol SSL. */
    List<String> brokerConfigLines() {
        return List.of("ssl.keystore.type=PKCS12", "ssl.keystore.location=" + keystore,
                "ssl.keystore.password=" + password, "ssl.key.password=" + password);
    }

    /** The producer's settings (Kafka keys, the same for both clients). */
    Map<String, Object> clientProps() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", password);
        return p;
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
