package dev.vltava.producer.internal.security;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM text (RFC 7468): X.509 certificates ("CERTIFICATE" blocks) and PKCS#8 private keys ("PRIVATE KEY", or
 * "ENCRYPTED PRIVATE KEY" decrypted with a password), with the JDK's own classes only. Errors say what is wrong with
 * the text, never the text itself (it may be a key).
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** Key algorithms tried in turn: PKCS#8 names its algorithm only as an OID, which KeyFactory does not take. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "XDH", "DSA", "RSASSA-PSS");

    private static final String PBES2_OID = "1.2.840.113549.1.5.13";

    private Pem() {
    }

    /** A problem with PEM text; the caller adds which setting or file it came from. */
    static final class PemException extends Exception {
        private static final long serialVersionUID = 1L;

        PemException(String message, Throwable cause) {
            super(message, cause);
        }

        PemException(String message) {
            super(message);
        }
    }

    /** Every CERTIFICATE block, in order (a chain: the leaf first). */
    static List<X509Certificate> certificates(String pem) throws PemException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new PemException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(pem)) {
            if (!block.type.equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            } catch (CertificateException e) {
                throw new PemException("certificate " + (certificates.size() + 1) + " is not a valid X.509 "
                        + "certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException("no '-----BEGIN CERTIFICATE-----' block found");
        }
        return certificates;
    }

    /**
     * The one private key (PKCS#8, plain or encrypted). keyPassword is needed for an encrypted key and must be null
     * for a plain one (a password that protects nothing is a mistake worth reporting).
     */
    static PrivateKey privateKey(String pem, char[] keyPassword) throws PemException {
        Block keyBlock = null;
        for (Block block : blocks(pem)) {
            if (block.type.equals("PRIVATE KEY") || block.type.equals("ENCRYPTED PRIVATE KEY")) {
                if (keyBlock != null) {
                    throw new PemException("more than one private key found; give exactly one");
                }
                keyBlock = block;
            } else if (block.type.endsWith("PRIVATE KEY")) {
                throw new PemException("the key is in the '" + block.type + "' format; only PKCS#8 is read "
                        + "('PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY'): convert it with "
                        + "'openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem'");
            }
        }
        if (keyBlock == null) {
            throw new PemException("no '-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----' "
                    + "block found");
        }
        byte[] pkcs8 = keyBlock.der;
        boolean encrypted = keyBlock.type.equals("ENCRYPTED PRIVATE KEY");
        if (encrypted) {
            if (keyPassword == null) {
                throw new PemException("the private key is encrypted but no key password is set");
            }
            pkcs8 = decrypt(pkcs8, keyPassword);
        } else if (keyPassword != null) {
            throw new PemException("a key password is set but the private key is not encrypted");
        }
        try {
            return keyFrom(pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] decrypt(byte[] der, char[] password) throws PemException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = info.getAlgName();
            if ((algorithm.equals("PBES2") || algorithm.equals(PBES2_OID)) && info.getAlgParameters() != null) {
                // PBES2 wraps a KDF and a cipher: its parameters name the pair as a JCE algorithm, such as
                // PBEWithHmacSHA256AndAES_256 (what openssl writes by default).
                algorithm = info.getAlgParameters().toString();
            }
            SecretKeyFactory keyFactory = SecretKeyFactory.getInstance(algorithm);
            PBEKeySpec spec = new PBEKeySpec(password);
            try {
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, keyFactory.generateSecret(spec), info.getAlgParameters());
                return info.getKeySpec(cipher).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (InvalidKeySpecException e) {
            throw new PemException("the private key cannot be decrypted: the key password is wrong", e);
        } catch (java.io.IOException | GeneralSecurityException e) {
            if (isBadDecrypt(e)) {
                throw new PemException("the private key cannot be decrypted: the key password is wrong", e);
            }
            throw new PemException("the encrypted private key cannot be read (its encryption is not supported by "
                    + "this JVM: " + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean isBadDecrypt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.crypto.BadPaddingException || t instanceof InvalidKeySpecException) {
                return true;
            }
        }
        return false;
    }

    private static PrivateKey keyFrom(byte[] pkcs8) throws PemException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm; try the next
            }
        }
        throw new PemException("the private key is not a PKCS#8 key of a supported algorithm (" + KEY_ALGORITHMS
                + ")");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String pem) throws PemException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String base64 = m.group(2).replaceAll("\\s", "");
            try {
                blocks.add(new Block(m.group(1), Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException e) {
                throw new PemException("a '" + m.group(1) + "' block is not valid base64");
            }
        }
        if (blocks.isEmpty() && pem.contains("-----BEGIN")) {
            throw new PemException("a PEM block is not closed by its matching '-----END ...-----' line, "
                    + "or holds characters other than base64");
        }
        return blocks;
    }
}
