package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The test clusters take their ports from {@link KafkaCluster#freePorts} in several calls (extra listeners, brokers,
 * controllers); a port must never come out twice, or two listeners of one node clash and the broker refuses to
 * format (seen once in CI: SecuredTripleClusterIT's PLAINTEXT and WRONG_HOST listeners on the same port).
 */
class FreePortsTest {

    @Test
    void noPortIsHandedOutTwiceAcrossCalls() {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int call = 0; call < 40; call++) {
            for (int port : KafkaCluster.freePorts(25)) {
                seen.add(port);
                total++;
            }
        }
        assertEquals(total, seen.size(), "ports handed out more than once");
    }
}
