package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vltava.producer.testkit.SecretLeakProbeMain;
import dev.vltava.producer.testkit.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret value appears in any log line, exception message or stack trace, or in the {@code toString()} of the
 * configuration or the producer: a child JVM ({@link SecretLeakProbeMain}) configures producers with every kind of
 * secret (literal ssl.* passwords and PEM key; file, directory and env provider values for ssl.*, sasl.jaas.config
 * and the OAUTHBEARER client secret), delivers, fails to deliver, hits configuration errors, goes through the facade
 * and through every security protocol, with Vltava's logging at TRACE, and prints everything it meets. This test
 * searches that whole output. The secrets are random per run, and a canary the child prints on purpose proves that
 * the search sees the output.
 */
class NoSecretLeakTest {

    @TempDir
    Path work;

    @Test
    void noSecretAppearsInLogsMessagesOrToString() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("ssl.key.password", secret("keypw"));
        secrets.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\n" + secret("pemkey") + "\n-----END PRIVATE KEY-----");
        secrets.put("ssl.keystore.password (file provider)", secret("kspw"));
        secrets.put("ssl.truststore.password (directory provider)", secret("tspw"));
        secrets.put("sasl.jaas.config password (env provider)", secret("jaaspw"));
        secrets.put("client secret (file provider)", secret("oauth"));
        String canary = secret("canary");

        Properties literal = new Properties();
        literal.setProperty("ssl.key.password", secrets.get("ssl.key.password"));
        literal.setProperty("ssl.keystore.key", secrets.get("ssl.keystore.key"));
        literal.setProperty("canary", canary);
        try (OutputStream out = Files.newOutputStream(work.resolve("literal.properties"))) {
            literal.store(out, null);
        }
        Files.writeString(work.resolve("secrets.properties"), "keystore=" + secrets.get(
                "ssl.keystore.password (file provider)") + "\nclient-secret=" + secrets.get(
                "client secret (file provider)") + "\n");
        Files.createDirectories(work.resolve("secrets"));
        Files.writeString(work.resolve("secrets").resolve("truststore-password"),
                secrets.get("ssl.truststore.password (directory provider)"));
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\""
                + secrets.get("sasl.jaas.config password (env provider)") + "\";";

        writeTlsMaterial(secrets);

        String output = runProbe(jaas);

        assertTrue(output.contains("CANARY " + canary), "the search must see what the child prints");
        for (String step : List.of("config toString", "native producer delivers", "native producer fails to deliver",
                "config errors", "facade producer", "security.protocol=SSL", "security.protocol=SSL with PEM",
                "security.protocol=SASL_PLAINTEXT", "security.protocol=SASL_SSL")) {
            assertTrue(output.contains("STEP " + step), "step did not run: " + step);
        }
        assertTrue(output.contains("DONE"), "the probe did not finish:\n" + output);
        assertTrue(output.contains("acked "), "nothing was delivered, so the success path was not exercised");
        assertTrue(output.contains("ERROR "), "no error was printed, so the error paths were not exercised");
        // The secured steps got as far as the handshake and the authentication with the secrets loaded.
        assertTrue(output.contains("ERROR java.util.concurrent.ExecutionException: "
                + "dev.vltava.producer.SslAuthenticationException"), "no TLS handshake failure was printed");
        assertTrue(output.contains("ERROR java.util.concurrent.ExecutionException: "
                + "dev.vltava.producer.SaslAuthenticationException"), "no SASL failure was printed");

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            String value = e.getKey().startsWith("ssl.keystore.key") ? e.getValue().split("\n")[1] : e.getValue();
            int at = output.indexOf(value);
            if (at >= 0) {
                leaks.add(e.getKey() + " in: " + line(output, at));
            }
        }
        if (output.contains(jaas)) {
            leaks.add("the whole sasl.jaas.config line");
        }
        assertEquals(List.of(), leaks, "secrets leaked");
    }

    /**
     * Real keystores and PEM keys of the test fixture for the TLS steps: locations and certificates (not secret) in
     * tls.properties, passwords and the encrypted PEM key in tls-secrets.properties for the file provider.
     */
    private void writeTlsMaterial(Map<String, String> secrets) throws IOException {
        TestCertificates certs = TestCertificates.shared();
        TestCertificates.Identity client = certs.client();
        Properties tls = new Properties();
        tls.setProperty("truststore", certs.ca().truststore("PKCS12").toString());
        tls.setProperty("keystore", client.keystore("PKCS12").toString());
        tls.setProperty("ca", certs.ca().certificatePem());
        tls.setProperty("chain", client.certificateChainPem());
        try (OutputStream out = Files.newOutputStream(work.resolve("tls.properties"))) {
            tls.store(out, null);
        }
        Properties tlsSecrets = new Properties();
        tlsSecrets.setProperty("truststore", certs.ca().truststorePassword());
        tlsSecrets.setProperty("keystore", client.keystorePassword());
        tlsSecrets.setProperty("key", client.keyPassword());
        tlsSecrets.setProperty("encrypted-pem-key", client.encryptedPrivateKeyPem());
        tlsSecrets.setProperty("pem-key", client.encryptedPrivateKeyPassword());
        try (OutputStream out = Files.newOutputStream(work.resolve("tls-secrets.properties"))) {
            tlsSecrets.store(out, null);
        }
        secrets.put("truststore password (fixture, file provider)", certs.ca().truststorePassword());
        secrets.put("keystore password (fixture, file provider)", client.keystorePassword());
        secrets.put("key password (fixture, file provider)", client.keyPassword());
        secrets.put("ssl.keystore.key: encrypted PEM key (fixture, file provider)", client.encryptedPrivateKeyPem());
        secrets.put("PEM key password (fixture, file provider)", client.encryptedPrivateKeyPassword());
        secrets.put("ssl.keystore.key: plain PEM key of the same identity (never configured)", client.privateKeyPem());
    }

    private String runProbe(String jaas) throws IOException, InterruptedException {
        Path log = work.resolve("probe.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.dev.vltava=trace",
                "-Dorg.slf4j.simpleLogger.log.dev.vltava.producer.testkit=info",
                "-cp", SecretLeakProbeMain.classpath(), SecretLeakProbeMain.class.getName(), work.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("VLTAVA_TEST_JAAS", jaas);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the probe did not finish in 120 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "probe failed:\n" + output);
        return output;
    }

    private static String secret(String what) {
        return "S3CR3T-" + what + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String line(String output, int at) {
        int start = output.lastIndexOf('\n', at) + 1;
        int end = output.indexOf('\n', at);
        return output.substring(start, end < 0 ? output.length() : end);
    }
}
