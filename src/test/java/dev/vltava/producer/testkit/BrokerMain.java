package dev.vltava.producer.testkit;

/**
 * Entry point of a child broker JVM. It watches the test JVM that started it and halts when that parent dies,
 * so a test JVM killed with SIGKILL never leaves brokers behind; then it runs Kafka's own main class (or the main
 * class named by {@code -Dvltava.test.main}, e.g. a ZooKeeper server for the old brokers of the compatibility tests).
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.getLong("vltava.test.parent.pid", -1L);
        if (parentPid > 0) {
            Thread watchdog = new Thread(() -> watchParent(parentPid), "vltava-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        Class.forName(System.getProperty("vltava.test.main", "kafka.Kafka")).getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void watchParent(long parentPid) {
        while (true) {
            boolean alive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                Runtime.getRuntime().halt(3);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
