package dev.vltava.producer.internal.security.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM (RFC 5802, with SHA-256/512 as in RFC 7677 and Kafka's KIP-84), client side, on the JDK's {@link Mac} and
 * {@link MessageDigest}:
 * <ol>
 *   <li>client-first {@code n,,n=<user>,r=<client nonce>};</li>
 *   <li>server-first {@code r=<nonce>,s=<salt>,i=<iterations>}: the nonce must extend ours and the iteration count
 *       must be at least 4096 (Kafka's minimum); SaltedPassword = Hi(password, salt, i) (PBKDF2 with HMAC);
 *       client-final {@code c=biws,r=<nonce>,p=<ClientKey XOR HMAC(StoredKey, AuthMessage)>};</li>
 *   <li>server-final {@code v=<ServerSignature>}: verified against HMAC(ServerKey, AuthMessage) before the exchange
 *       counts as complete (a server that does not know the password cannot fake it); {@code e=<error>} fails.</li>
 * </ol>
 */
public final class ScramMechanism implements SaslClientFactory {

    /** A SCRAM hash: its SASL name, digest and HMAC algorithm names, and Kafka's minimum iteration count. */
    public enum Hash {
        /** Only for RFC 5802's test vector: Kafka has no SCRAM-SHA-1. */
        SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", 4096),
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 4096),
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", 4096);

        final String mechanism;
        final String digest;
        final String hmac;
        final int minIterations;

        Hash(String mechanism, String digest, String hmac, int minIterations) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.hmac = hmac;
            this.minIterations = minIterations;
        }

        /** The hash of a Kafka SCRAM mechanism name, or null. */
        public static Hash forMechanism(String name) {
            if (SHA_256.mechanism.equals(name)) {
                return SHA_256;
            }
            if (SHA_512.mechanism.equals(name)) {
                return SHA_512;
            }
            return null;
        }

        public String mechanismName() {
            return mechanism;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GS2_HEADER = "n,,";
    private static final int NONCE_BYTES = 24;

    private final Hash hash;
    private final CredentialSource credentials;
    private final Supplier<String> nonces;

    public ScramMechanism(Hash hash, String username, String password) {
        this(hash, username, password, ScramMechanism::randomNonce);
    }

    /** With the client nonces given (tests: the RFC vectors fix them). */
    public ScramMechanism(Hash hash, String username, String password, Supplier<String> nonces) {
        this(hash, CredentialSource.fixed(username, password), nonces);
    }

    /** With credentials asked for at each authentication (a {@code SaslCredentialsProvider}). */
    public ScramMechanism(Hash hash, CredentialSource credentials) {
        this(hash, credentials, ScramMechanism::randomNonce);
    }

    private ScramMechanism(Hash hash, CredentialSource credentials, Supplier<String> nonces) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.nonces = nonces;
    }

    private static String randomNonce() {
        byte[] b = new byte[NONCE_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b); // printable, no ','
    }

    @Override
    public void close() {
        credentials.close();
    }

    @Override
    public String mechanism() {
        return hash.mechanism;
    }

    @Override
    public SaslExchange newExchange(String host) throws SaslMechanismException {
        return new Exchange(credentials.get(), nonces.get());
    }

    /** {@code saslname}: '=' and ',' escaped as RFC 5802 says. */
    static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String toString() {
        return hash.mechanism;
    }

    private final class Exchange implements SaslExchange {
        private final String username;
        private final String password;
        private final String clientNonce;
        private int step;
        private String clientFirstBare;
        private byte[] expectedServerSignature;

        Exchange(UserPassword credentials, String clientNonce) {
            this.username = credentials.username();
            this.password = credentials.password();
            this.clientNonce = clientNonce;
        }

        @Override
        public String mechanism() {
            return hash.mechanism;
        }

        @Override
        public byte[] initialResponse() throws SaslMechanismException {
            if (step != 0) {
                throw new SaslMechanismException(hash.mechanism + ": exchange already started");
            }
            step = 1;
            clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
            return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] evaluate(byte[] challenge) throws SaslMechanismException {
            switch (step) {
                case 1:
                    step = 2;
                    return clientFinal(new String(challenge, StandardCharsets.UTF_8));
                case 2:
                    verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                    step = 3;
                    return null;
                default:
                    throw new SaslMechanismException(hash.mechanism + ": unexpected server message");
            }
        }

        @Override
        public boolean isComplete() {
            return step == 3;
        }

        private byte[] clientFinal(String serverFirst) throws SaslMechanismException {
            String nonce = null;
            String salt = null;
            String iterations = null;
            for (String attribute : serverFirst.split(",")) {
                if (attribute.startsWith("r=")) {
                    nonce = attribute.substring(2);
                } else if (attribute.startsWith("s=")) {
                    salt = attribute.substring(2);
                } else if (attribute.startsWith("i=")) {
                    iterations = attribute.substring(2);
                } else if (attribute.startsWith("e=")) {
                    throw new SaslMechanismException(hash.mechanism + ": the server refused: " + attribute.substring(2));
                } else if (attribute.startsWith("m=")) {
                    throw new SaslMechanismException(hash.mechanism + ": the server requires an extension we do not "
                            + "know (m=)");
                }
            }
            if (nonce == null || salt == null || iterations == null) {
                throw new SaslMechanismException(hash.mechanism + ": malformed server-first message (needs r, s, i)");
            }
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new SaslMechanismException(hash.mechanism + ": the server's nonce does not extend the client's");
            }
            int i;
            byte[] saltBytes;
            try {
                i = Integer.parseInt(iterations);
                saltBytes = Base64.getDecoder().decode(salt);
            } catch (IllegalArgumentException e) {
                throw new SaslMechanismException(hash.mechanism + ": malformed salt or iteration count", e);
            }
            if (i < hash.minIterations) {
                throw new SaslMechanismException(hash.mechanism + ": the server asks for " + i
                        + " iterations, fewer than the minimum of " + hash.minIterations);
            }
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
                    + ",r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            try {
                byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), saltBytes, i);
                byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
                byte[] storedKey = MessageDigest.getInstance(hash.digest).digest(clientKey);
                byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
                byte[] proof = xor(clientKey, clientSignature);
                byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
                expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
                return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // IllegalArgumentException: an empty password is no HMAC key. Neither message holds the secret.
                throw new SaslMechanismException(hash.mechanism + ": cannot compute the proof ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }

        private void verifyServerFinal(String serverFinal) throws SaslMechanismException {
            String v = null;
            for (String attribute : serverFinal.split(",")) {
                if (attribute.startsWith("e=")) {
                    throw new SaslMechanismException(hash.mechanism + ": the server refused: " + attribute.substring(2));
                }
                if (attribute.startsWith("v=")) {
                    v = attribute.substring(2);
                }
            }
            if (v == null) {
                throw new SaslMechanismException(hash.mechanism + ": malformed server-final message (needs v)");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                throw new SaslMechanismException(hash.mechanism + ": malformed server signature", e);
            }
            if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
                throw new SaslMechanismException(hash.mechanism + ": the server's signature does not verify: the "
                        + "broker does not know this user's credentials (or something between us answers for it)");
            }
        }

        /** Hi(str, salt, i) of RFC 5802: PBKDF2 with HMAC as the PRF and one block of output. */
        private byte[] hi(byte[] str, byte[] salt, int iterations) throws GeneralSecurityException {
            Mac mac = mac(str);
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int n = 1; n < iterations; n++) {
                u = mac.doFinal(u);
                for (int k = 0; k < result.length; k++) {
                    result[k] ^= u[k];
                }
            }
            return result;
        }

        private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
            return mac(key).doFinal(data);
        }

        private Mac mac(byte[] key) throws GeneralSecurityException {
            Mac mac = Mac.getInstance(hash.hmac);
            mac.init(new SecretKeySpec(key, hash.hmac));
            return mac;
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
