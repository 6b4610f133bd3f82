/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>TLS setup from the {@code ssl.*} settings: trust and key stores (JKS, PKCS12, PEM files and PEM text, read with the
 * JDK only: X.509 through {@code CertificateFactory}, PKCS#8 keys, encrypted ones through
 * {@code EncryptedPrivateKeyInfo}), the client {@code SSLContext}, and the {@link dev.vltava.producer.SslEngineFactory}
 * that creates one client {@code SSLEngine} per broker connection (the built-in one, or the user's from
 * {@code ssl.engine.factory.class}). Store problems become {@link dev.vltava.producer.ConfigException}s naming the key
 * and the file, never a secret.
 *
 * <p>Runs when the producer is created, never on the send path. The transport ({@code internal.network}) knows only
 * the engines; the engine root wires the two together.
 */
package dev.vltava.producer.internal.security;
