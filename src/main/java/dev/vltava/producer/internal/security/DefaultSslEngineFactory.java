package dev.vltava.producer.internal.security;

import static dev.vltava.producer.SslConfig.SSL_CIPHER_SUITES_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_ENABLED_PROTOCOLS_CONFIG;
import static dev.vltava.producer.SslConfig.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.SslConfig;
import dev.vltava.producer.SslEngineFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The built-in {@link SslEngineFactory}: one {@link SSLContext} from the {@code ssl.*} settings, and per connection a
 * client engine for the broker's host and port as given, so that the JDK sends the host name as SNI and, with
 * {@code ssl.endpoint.identification.algorithm=https}, checks it against the broker's certificate.
 */
public final class DefaultSslEngineFactory implements SslEngineFactory {

    private final SSLContext context;
    private final String[] enabledProtocols;
    private final String[] cipherSuites;
    private final String endpointIdentificationAlgorithm;

    /** Reads the stores and builds the context now: a bad store fails here, with a {@link ConfigException}. */
    public DefaultSslEngineFactory(SslConfig ssl) {
        this.context = ClientSslContext.create(ssl);
        this.enabledProtocols = ssl.enabledProtocols().toArray(new String[0]);
        this.cipherSuites = ssl.cipherSuites().isEmpty() ? null : ssl.cipherSuites().toArray(new String[0]);
        this.endpointIdentificationAlgorithm = ssl.endpointIdentificationAlgorithm();
        if (enabledProtocols.length == 0) {
            throw ConfigException.invalidValue(SSL_ENABLED_PROTOCOLS_CONFIG, "", "name at least one protocol, such as "
                    + "TLSv1.3");
        }
        checkSupported();
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort) {
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(enabledProtocols);
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites);
        }
        // "" or unset turns host name verification off; "https" compares the host name with the certificate's names.
        parameters.setEndpointIdentificationAlgorithm(endpointIdentificationAlgorithm.isEmpty() ? null
                : endpointIdentificationAlgorithm);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Protocols, cipher suites and the identification algorithm the JDK does not know fail now, not per connection. */
    private void checkSupported() {
        SSLEngine probe = context.createSSLEngine();
        probe.setUseClientMode(true);
        List<String> supportedProtocols = List.of(probe.getSupportedProtocols());
        for (String protocol : enabledProtocols) {
            if (!supportedProtocols.contains(protocol)) {
                throw ConfigException.invalidValue(SSL_ENABLED_PROTOCOLS_CONFIG, String.join(",", enabledProtocols),
                        "'" + protocol + "' is not supported by this JVM; supported: " + supportedProtocols);
            }
        }
        if (cipherSuites != null) {
            List<String> supportedSuites = List.of(probe.getSupportedCipherSuites());
            for (String suite : cipherSuites) {
                if (!supportedSuites.contains(suite)) {
                    throw ConfigException.invalidValue(SSL_CIPHER_SUITES_CONFIG, String.join(",", cipherSuites),
                            "'" + suite + "' is not supported by this JVM");
                }
            }
        }
        if (!endpointIdentificationAlgorithm.isEmpty() && !endpointIdentificationAlgorithm.equalsIgnoreCase("https")
                && !endpointIdentificationAlgorithm.equalsIgnoreCase("ldaps")) {
            throw ConfigException.invalidValue(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
                    endpointIdentificationAlgorithm, "must be https (verify the broker's host name) or empty (do not)");
        }
    }
}
