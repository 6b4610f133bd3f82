package dev.vltava.producer.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client.dns.lookup=use_all_dns_ips: which address each connect attempt uses. */
class NodeAddressesTest {

    private final FakeResolver resolver = new FakeResolver().name("kafka.test", "10.0.0.1", "10.0.0.2", "10.0.0.3");
    private final NodeAddresses addresses = new NodeAddresses(resolver);

    private String next(int node) throws UnknownHostException {
        InetSocketAddress a = addresses.next(node, "kafka.test", 9092);
        assertEquals(9092, a.getPort());
        return a.getAddress().getHostAddress();
    }

    @Test
    void aFailedAttemptMovesTheNextToTheNextAddressAndAllFailedResolvesAgain() throws UnknownHostException {
        assertEquals("10.0.0.1", next(1));
        assertEquals("10.0.0.2", next(1)); // the first attempt never reported connected
        assertEquals("10.0.0.3", next(1));
        assertEquals(List.of("kafka.test"), resolver.lookups);
        resolver.name("kafka.test", "10.0.0.9"); // DNS changed meanwhile
        assertEquals("10.0.0.9", next(1)); // every address failed: resolved again
        assertEquals(List.of("kafka.test", "kafka.test"), resolver.lookups);
    }

    @Test
    void anAddressThatConnectedIsKept() throws UnknownHostException {
        assertEquals("10.0.0.1", next(1));
        assertEquals("10.0.0.2", next(1));
        addresses.connected(1);
        assertEquals("10.0.0.2", next(1)); // reconnect after a drop: the address that worked
        assertEquals("10.0.0.3", next(1)); // that attempt failed: move on
        assertEquals(List.of("kafka.test"), resolver.lookups);
    }

    @Test
    void nodesAreIndependentAndANewHostStartsOver() throws UnknownHostException {
        resolver.name("other.test", "10.0.1.1", "10.0.1.2");
        assertEquals("10.0.0.1", next(1));
        assertEquals("10.0.0.1", next(2));
        assertEquals("10.0.0.2", next(1));
        assertEquals("10.0.1.1", addresses.next(1, "other.test", 9092).getAddress().getHostAddress());
        assertEquals(2, addresses.addressCount(1));
    }

    @Test
    void anUnknownNameThrowsAndIsLookedUpAgainNextTime() {
        assertThrows(UnknownHostException.class, () -> addresses.next(1, "nowhere.test", 9092));
        resolver.name("nowhere.test", "10.0.2.1");
        assertEquals("10.0.2.1", assertDoesNotThrowNext());
    }

    private String assertDoesNotThrowNext() {
        try {
            return addresses.next(1, "nowhere.test", 9092).getAddress().getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> addresses.next(1, "kafka.test", 65536));
    }
}
