/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>SASL on the client side, on the JDK's crypto only: the mechanisms ({@link
 * dev.vltava.producer.internal.security.sasl.PlainMechanism PLAIN}, {@link
 * dev.vltava.producer.internal.security.sasl.ScramMechanism SCRAM-SHA-256/512} per RFC 5802/7677 with the server
 * signature verified, {@link dev.vltava.producer.internal.security.sasl.OAuthBearerMechanism OAUTHBEARER} per RFC
 * 7628 with a refreshing {@link dev.vltava.producer.internal.security.sasl.TokenCache}), the parser of Kafka's JAAS
 * line ({@link dev.vltava.producer.internal.security.sasl.JaasConfig}) and the unsecured JWS tokens Kafka's
 * {@code unsecuredLogin*} options describe ({@link dev.vltava.producer.internal.security.sasl.UnsecuredJws}).
 *
 * <p>A building block: it knows nothing of connections, requests or the public API. The network's
 * {@code BrokerClient} drives one {@link dev.vltava.producer.internal.security.sasl.SaslExchange} per connection
 * (made by a {@link dev.vltava.producer.internal.security.sasl.SaslClientFactory}); the engine builds the factory
 * from the {@code sasl.*} configuration. No message of this package ever contains a credential.
 */
package dev.vltava.producer.internal.security.sasl;
