package dev.vltava.producer.compat;

import dev.vltava.producer.SslEngineFactory;
import java.io.IOException;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka {@code org.apache.kafka.common.security.auth.SslEngineFactory} (named in {@code ssl.engine.factory.class} of a
 * {@code KafkaProducer} configuration) as Vltava's {@link SslEngineFactory}: client engines come from the Kafka
 * factory with the configured {@code ssl.endpoint.identification.algorithm}, as Kafka asks for them.
 */
final class KafkaSslEngineFactoryAdapter implements SslEngineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSslEngineFactoryAdapter.class);

    private final org.apache.kafka.common.security.auth.SslEngineFactory kafkaFactory;
    private final String endpointIdentification;

    KafkaSslEngineFactoryAdapter(org.apache.kafka.common.security.auth.SslEngineFactory kafkaFactory,
            String endpointIdentification) {
        this.kafkaFactory = kafkaFactory;
        this.endpointIdentification = endpointIdentification;
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort) {
        return kafkaFactory.createClientSslEngine(peerHost, peerPort, endpointIdentification);
    }

    org.apache.kafka.common.security.auth.SslEngineFactory kafkaFactory() {
        return kafkaFactory;
    }

    @Override
    public void close() {
        try {
            kafkaFactory.close();
        } catch (IOException e) {
            LOG.warn("Closing {} failed; ignored", kafkaFactory.getClass().getName(), e);
        }
    }
}
