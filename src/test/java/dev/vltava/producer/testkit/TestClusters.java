package dev.vltava.producer.testkit;

/**
 * The clusters shared by all integration tests of one JVM, started lazily and stopped when the JVM exits.
 *
 * <p>The backend is chosen by the system property {@code vltava.broker}: {@code process} (default: child-process
 * brokers from Maven's jars), {@code testcontainers} (needs a Docker engine), or {@code auto} (containers when a
 * Docker engine answers, processes otherwise).
 */
public final class TestClusters {
    private static TestCluster single;
    private static KafkaCluster triple;
    private static SecuredCluster secured;
    private static final java.util.Map<Integer, KafkaCluster> TRANSACTIONAL = new java.util.TreeMap<>();

    private TestClusters() {
    }

    /** The shared single-node cluster. */
    public static synchronized TestCluster single() {
        if (single == null) {
            single = useContainers() ? ContainerCluster.start() : KafkaCluster.start(1);
            stopAtExit(single);
        }
        return single;
    }

    /** The shared three-node cluster (child processes: it offers node faults). */
    public static synchronized KafkaCluster triple() {
        if (triple == null) {
            triple = KafkaCluster.start(3);
            stopAtExit(triple);
        }
        return triple;
    }

    /**
     * The shared single node with secured listeners (TLS, mutual TLS, SASL; see {@link SecuredCluster}), for every
     * security test of the JVM. Separate from {@link #single()}, so tests that do not need it do not pay for it.
     */
    public static synchronized SecuredCluster secured() {
        if (secured == null) {
            secured = SecuredCluster.start(1);
            Runtime.getRuntime().addShutdownHook(new Thread(secured::close, "vltava-test-cluster-stop"));
        }
        return secured;
    }

    /**
     * The shared single node formatted with {@code transaction.version = transactionVersion} (1: clients use the
     * transactions v1 protocol; 2: transactions v2, KIP-890) and {@link KafkaCluster#TRANSACTION_SETTINGS}, for the
     * transaction tests. One per version, started on first use; {@link #single()} is not changed.
     */
    public static synchronized KafkaCluster transactions(int transactionVersion) {
        KafkaCluster cluster = TRANSACTIONAL.get(transactionVersion);
        if (cluster == null) {
            cluster = KafkaCluster.startWithTransactionVersion(1, transactionVersion);
            stopAtExit(cluster);
            TRANSACTIONAL.put(transactionVersion, cluster);
        }
        return cluster;
    }

    /** Stops the shared three-node cluster early, to give its memory back to later tests. */
    public static synchronized void stopTriple() {
        if (triple != null) {
            triple.close();
            triple = null;
        }
    }

    static synchronized void describeStarted(StringBuilder sb) {
        if (single != null) {
            sb.append(single.describeForFailure());
        }
        if (triple != null) {
            sb.append(triple.describeForFailure());
        }
        if (secured != null) {
            sb.append(secured.describeForFailure());
        }
        TRANSACTIONAL.forEach((version, cluster) -> sb.append("===== transaction.version=").append(version)
                .append(" cluster =====\n").append(cluster.describeForFailure()));
    }

    static boolean useContainers() {
        String backend = System.getProperty("vltava.broker", "process");
        return switch (backend) {
            case "testcontainers" -> true;
            case "auto" -> ContainerCluster.dockerAvailable();
            default -> false;
        };
    }

    private static void stopAtExit(TestCluster cluster) {
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "vltava-test-cluster-stop"));
    }
}
