package dev.vltava.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command line of {@link PerfTool}. */
final class PerfOptions {
    String client = "vltava";
    long records = 1_000_000;
    int recordSizeBytes = 100;
    String payload = "random";
    double throughput = -1;
    String topic;
    int partitions = 6;
    final Map<String, Object> producerProps = new LinkedHashMap<>();
    String bootstrapServers;
    boolean sink;
    boolean tls;
    long warmupRecords = -1;
    double warmupSeconds;
    String jsonFile;
    int keyCount;
    long brokerPid = -1;
    boolean skipTopicCreation;
    String brokerHeap = "1g";
    String label = "";
    int topics = 1;
    int threads = 1;
    boolean virtualThreads;

    static final String USAGE = String.join("\n",
            "usage: PerfTool [options]",
            "  --client vltava|facade|kafka   producer to measure: Vltava's core API, Vltava through its drop-in",
            "                                 facade VltavaKafkaProducer, or the official client (default vltava)",
            "  --records N                    measured records (default 1000000)",
            "  --record-size BYTES            value size (default 100; ignored for file payloads)",
            "  --payload random|json|file:P   values: A-Z letters, JSON-like events, or lines of file P",
            "  --key-count N                  N distinct keys cycled through (default 0: no keys)",
            "  --throughput R                 records/s cap, -1 unlimited (default -1)",
            "  --topic NAME                   (default perf-<random>)",
            "  --partitions N                 partitions of a created topic (default 6)",
            "  --topics N                     send to N topics NAME-0..NAME-(N-1), record i to topic i mod N",
            "                                 (default 1: the topic NAME itself)",
            "  --threads N                    N sending threads share one producer, each sending its share of the",
            "                                 records (default 1)",
            "  --virtual-threads              the sending threads are virtual threads (Java 21+)",
            "  --producer-props k=v ...       producer configuration (both clients take Kafka keys)",
            "  --bootstrap-servers H:P        use this cluster (otherwise a broker is started)",
            "  --sink                         send to a sink broker that acks without storing",
            "  --tls                          the started broker gets a TLS listener (self-signed certificate) and",
            "                                 the producer connects over TLS (security.protocol=SSL)",
            "  --warmup-records N             sent and not measured first (default min(records/5, 200000))",
            "  --warmup-seconds S             repeat the warm-up until S seconds have passed after its first round",
            "                                 (default 0), so that the JIT has settled before the measurement",
            "  --json FILE                    also write the result as one JSON object to FILE",
            "  --broker-pid PID               report this process's CPU as the broker's",
            "  --skip-topic-creation          the topic exists already",
            "  --broker-heap SIZE             -Xmx of a broker this tool starts (default 1g)",
            "  --label TEXT                   free text copied to the JSON (configuration name)");

    static PerfOptions parse(String[] args) {
        PerfOptions o = new PerfOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--client" -> o.client = value(args, ++i, a);
                case "--records", "--num-records" -> o.records = Long.parseLong(value(args, ++i, a));
                case "--record-size" -> o.recordSizeBytes = Integer.parseInt(value(args, ++i, a));
                case "--payload" -> o.payload = value(args, ++i, a);
                case "--key-count" -> o.keyCount = Integer.parseInt(value(args, ++i, a));
                case "--throughput" -> o.throughput = Double.parseDouble(value(args, ++i, a));
                case "--topic" -> o.topic = value(args, ++i, a);
                case "--partitions" -> o.partitions = Integer.parseInt(value(args, ++i, a));
                case "--producer-props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String kv = args[++i];
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--producer-props takes key=value, not " + kv);
                        }
                        o.producerProps.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                case "--bootstrap-servers" -> o.bootstrapServers = value(args, ++i, a);
                case "--sink" -> o.sink = true;
                case "--tls" -> o.tls = true;
                case "--warmup-records" -> o.warmupRecords = Long.parseLong(value(args, ++i, a));
                case "--warmup-seconds" -> o.warmupSeconds = Double.parseDouble(value(args, ++i, a));
                case "--json" -> o.jsonFile = value(args, ++i, a);
                case "--broker-pid" -> o.brokerPid = Long.parseLong(value(args, ++i, a));
                case "--skip-topic-creation" -> o.skipTopicCreation = true;
                case "--broker-heap" -> o.brokerHeap = value(args, ++i, a);
                case "--label" -> o.label = value(args, ++i, a);
                case "--topics" -> o.topics = Integer.parseInt(value(args, ++i, a));
                case "--threads" -> o.threads = Integer.parseInt(value(args, ++i, a));
                case "--virtual-threads" -> o.virtualThreads = true;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.topic == null) {
            o.topic = "perf-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        }
        if (o.warmupRecords < 0) {
            o.warmupRecords = Math.min(o.records / 5, 200_000);
        }
        if (o.topics < 1 || o.threads < 1) {
            throw new IllegalArgumentException("--topics and --threads must be at least 1");
        }
        if (o.sink && o.bootstrapServers != null) {
            throw new IllegalArgumentException("--sink starts its own sink; do not combine it with --bootstrap-servers");
        }
        if (o.tls && (o.sink || o.bootstrapServers != null)) {
            throw new IllegalArgumentException("--tls applies to the broker this tool starts; for another cluster "
                    + "pass its ssl.* settings with --producer-props");
        }
        return o;
    }

    /** The topics records go to: the topic itself, or NAME-0..NAME-(N-1) with --topics N. */
    String[] topicNames() {
        if (topics == 1) {
            return new String[] {topic};
        }
        String[] names = new String[topics];
        for (int i = 0; i < topics; i++) {
            names[i] = topic + "-" + i;
        }
        return names;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
