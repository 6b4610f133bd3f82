package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.network.HostResolver;
import dev.vltava.producer.internal.network.NioTransport;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * client.dns.lookup=use_all_dns_ips through the whole producer: the only bootstrap name resolves first to an address
 * that refuses (127.0.0.2: the mock broker listens on 127.0.0.1 only) and then to the broker's. The producer gets
 * its metadata through the second address and delivers; with only the first address tried it never would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllDnsIpsProducerTest {

    /** "kafka.test" has two addresses; IP literals resolve to themselves. */
    private static final HostResolver TWO_ADDRESSES = new HostResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (host.equals("kafka.test")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")};
            }
            if (Character.isDigit(host.charAt(0))) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        }

        @Override
        public String canonicalName(InetAddress address) {
            return address.getHostAddress();
        }
    };

    @Test
    void theBootstrapNamesSecondAddressIsUsedWhenTheFirstRefuses() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 1);
            String port = broker.bootstrapServers().split(":")[1];
            ProducerConfig config = ProducerConfig.from(Map.of("bootstrap.servers", "kafka.test:" + port,
                    "max.block.ms", 20_000, "reconnect.backoff.ms", 10, "reconnect.backoff.max.ms", 10));
            NioTransport transport = new NioTransport(-1, -1, 100 * 1024 * 1024, TWO_ADDRESSES);
            try (VltavaProducer<String, String> producer = new VltavaProducer<>(
                    new Engine(config, AckListener.NONE, transport), Serializers.string(), Serializers.string(), null,
                    List.of())) {
                RecordMetadata m = producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
                assertEquals(0, m.offset());
                producer.close(Duration.ofSeconds(10));
            }
            assertEquals(1, broker.records("t", 0).size());
        }
    }
}
