package dev.vltava.producer.compat;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of {@link ArgumentParityTest} that {@code KafkaProducer} reaches only with the topic's metadata (it waits
 * for metadata before serializing, before making the headers read-only, before the transaction check of send), on
 * the shared single-node cluster: the same exception class at the same place from both clients.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class ArgumentParityIT {
    private static TestCluster cluster;

    @BeforeAll
    static void topic() {
        cluster = TestClusters.single();
        cluster.createTopic(ArgumentParityTest.TOPIC, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withBroker")
    void theFacadeFailsLikeKafkaProducer(ArgumentParityTest.Case c) throws Exception {
        ArgumentParityTest.compare(c, cluster.bootstrapServers());
    }

    static Stream<Arguments> withBroker() {
        return ArgumentParityTest.cases().stream().filter(ArgumentParityTest.Case::needsBroker).map(Arguments::of);
    }
}
