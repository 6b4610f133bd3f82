package dev.vltava.producer.internal.network;

import java.io.EOFException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the JDK throws when a TLS handshake fails into an {@link SSLHandshakeException} whose message names the
 * connection and says the cause in plain words, with the JDK's own message after it for the details. The JDK's
 * messages name certificates and algorithms, never key material or passwords.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    /** The handshake with the connection's peer failed with cause. */
    static SSLHandshakeException handshakeFailed(Connection connection, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        SSLHandshakeException failure = new SSLHandshakeException(connection.describe() + ": TLS handshake failed: "
                + reason(connection, cause) + " (" + detail + ")");
        failure.initCause(cause);
        return failure;
    }

    /** A plaintext connection received a TLS record: the listener speaks TLS. */
    static SSLHandshakeException tlsPeerOnPlaintext(Connection connection, Throwable cause) {
        SSLHandshakeException failure = new SSLHandshakeException(connection.describe() + ": the broker answered with "
                + "a TLS record: this listener speaks TLS, but the producer connected in plaintext; set "
                + "security.protocol to SSL or SASL_SSL (with the ssl.* settings)");
        failure.initCause(cause);
        return failure;
    }

    static String reason(Connection connection, Throwable cause) {
        if (cause instanceof EOFException || (cause instanceof java.io.IOException
                && !(cause instanceof javax.net.ssl.SSLException))) {
            // End of stream or a reset: a plaintext listener reads our ClientHello as an absurd frame size and closes.
            return "the peer closed the connection during the handshake: it is probably not a TLS endpoint "
                    + "(a PLAINTEXT or SASL_PLAINTEXT listener?), or it refused the handshake without saying why";
        }
        if (has(cause, CertificateExpiredException.class) || has(cause, CertificateNotYetValidException.class)
                || messageContains(cause, "validity check failed")) {
            return "the broker's certificate has expired or is not yet valid";
        }
        if (messageContains(cause, "no subject alternative") || messageContains(cause, "no name matching")) {
            return "the broker's certificate does not match the host name '" + connection.host + "' (the host as "
                    + "given in bootstrap.servers or advertised by the broker); fix the certificate's names or the "
                    + "address, or set ssl.endpoint.identification.algorithm to an empty string to skip the check";
        }
        if (has(cause, CertPathBuilderException.class) || messageContains(cause, "pkix path building failed")
                || messageContains(cause, "unable to find valid certification path")) {
            return "the broker's certificate is not trusted: no certificate of its chain is in the trust store "
                    + "(ssl.truststore.*)";
        }
        if (messageContains(cause, "pkix path validation failed")) {
            return "the broker's certificate is not trusted: its chain does not validate";
        }
        String alert = receivedAlert(cause);
        if (alert != null) {
            switch (alert) {
                case "bad_certificate", "certificate_required", "unknown_ca", "certificate_unknown",
                        "unsupported_certificate", "certificate_revoked", "certificate_expired", "access_denied" -> {
                    return "the broker refused our certificate (" + alert + "): mutual TLS needs ssl.keystore.* with "
                            + "a certificate the broker trusts";
                }
                case "protocol_version" -> {
                    return "no TLS protocol version in common with the broker (ssl.enabled.protocols)";
                }
                case "handshake_failure", "insufficient_security" -> {
                    return "the broker refused the handshake (" + alert + "): no protocol version or cipher suite in "
                            + "common (ssl.enabled.protocols, ssl.cipher.suites), or it requires a client certificate";
                }
                default -> {
                    return "the broker ended the handshake with the alert '" + alert + "'";
                }
            }
        }
        if (messageContains(cause, "no appropriate protocol") || messageContains(cause, "protocol_version")
                || messageContains(cause, "not supported or has been disabled")) {
            return "no TLS protocol version in common with the broker (ssl.enabled.protocols)";
        }
        if (messageContains(cause, "no negotiable cipher suite") || messageContains(cause, "cipher suites in common")) {
            return "no cipher suite in common with the broker (ssl.cipher.suites)";
        }
        if (messageContains(cause, "unrecognized ssl message") || messageContains(cause, "plaintext connection")
                || messageContains(cause, "unsupported or unrecognized")) {
            return "the peer is not a TLS endpoint: it answered with bytes that are not TLS (a PLAINTEXT or "
                    + "SASL_PLAINTEXT listener?)";
        }
        return "the handshake did not complete";
    }

    /** "bad_certificate" from the JDK's "Received fatal alert: bad_certificate", or null if the peer sent none. */
    private static String receivedAlert(Throwable cause) {
        String prefix = "received fatal alert: ";
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            int i = m.toLowerCase(Locale.ROOT).indexOf(prefix);
            if (i >= 0) {
                String rest = m.substring(i + prefix.length()).trim();
                int end = 0;
                while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
                    end++;
                }
                return rest.substring(0, end);
            }
        }
        return null;
    }

    private static boolean has(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean messageContains(Throwable cause, String lowerCaseText) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains(lowerCaseText)) {
                return true;
            }
        }
        return false;
    }
}
