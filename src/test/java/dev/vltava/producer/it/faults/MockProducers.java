package dev.vltava.producer.it.faults;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerBuilder;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.mock.MockBroker;

/** Vltava producers tuned for fast fault tests against a {@link MockBroker}: short backoffs and timeouts. */
final class MockProducers {
    private MockProducers() {
    }

    static ProducerBuilder<String, String> builder(MockBroker broker) {
        return Producer.<String, String>builder().bootstrapServers(broker.bootstrapServerList())
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .retryBackoffMs(10).retryBackoffMaxMs(100).reconnectBackoffMs(10).reconnectBackoffMaxMs(100)
                .requestTimeoutMs(1_500).deliveryTimeoutMs(20_000).lingerMs(0).maxBlockMs(10_000);
    }

    static Producer<String, String> producer(MockBroker broker) {
        return builder(broker).build();
    }
}
