package dev.vltava.bench;

/**
 * Entry point of a child JVM (broker or sink): halts when the JVM that started it dies, so a benchmark killed with
 * SIGKILL or Ctrl-C never leaves a broker behind, then runs the real main class named by the first argument.
 */
public final class ChildMain {
    static final String PARENT_PID_PROPERTY = "vltava.bench.parent.pid";

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.getLong(PARENT_PID_PROPERTY, -1L);
        if (parentPid > 0) {
            Thread watchdog = new Thread(() -> watchParent(parentPid), "vltava-bench-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
    }

    private static void watchParent(long parentPid) {
        while (true) {
            if (!ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
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
