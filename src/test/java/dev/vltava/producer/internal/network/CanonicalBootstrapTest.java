package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client.dns.lookup=resolve_canonical_bootstrap_servers_only: bootstrap names become their canonical names. */
class CanonicalBootstrapTest {

    @Test
    void eachNameBecomesTheCanonicalNamesOfAllItsAddresses() {
        FakeResolver resolver = new FakeResolver()
                .name("kafka.alias.test", "10.0.0.1", "10.0.0.2")
                .name("other.test", "10.0.0.2");
        resolver.canonical.put(FakeResolver.ip("10.0.0.1"), "broker-1.real.test");
        resolver.canonical.put(FakeResolver.ip("10.0.0.2"), "broker-2.real.test");
        List<InetSocketAddress> out = CanonicalBootstrap.expand(List.of(
                InetSocketAddress.createUnresolved("kafka.alias.test", 9092),
                InetSocketAddress.createUnresolved("other.test", 9092),
                InetSocketAddress.createUnresolved("other.test", 9093)), resolver);
        assertEquals(List.of(
                InetSocketAddress.createUnresolved("broker-1.real.test", 9092),
                InetSocketAddress.createUnresolved("broker-2.real.test", 9092),
                InetSocketAddress.createUnresolved("broker-2.real.test", 9093)), out);
    }

    @Test
    void aNameThatDoesNotResolveIsKeptAsGiven() {
        FakeResolver resolver = new FakeResolver();
        InetSocketAddress given = InetSocketAddress.createUnresolved("nowhere.test", 9092);
        assertEquals(List.of(given), CanonicalBootstrap.expand(List.of(given), resolver));
    }
}
