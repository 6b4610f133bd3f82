package dev.vltava.producer.testkit;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the tail of every started broker's log when a test fails, so a CI failure shows what the broker saw.
 * Register on an integration test class with {@code @ExtendWith(BrokerLogsOnFailure.class)}.
 */
public final class BrokerLogsOnFailure implements TestWatcher {
    private static volatile Supplier<String> extra = () -> "";

    /** Lets a test add a cluster that is not one of the shared ones. */
    public static void alsoDescribe(Supplier<String> supplier) {
        extra = supplier;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder sb = new StringBuilder("\n===== broker logs after failure of ")
                .append(context.getDisplayName()).append(" =====\n");
        TestClusters.describeStarted(sb);
        sb.append(extra.get());
        System.err.println(sb);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // skipped or aborted tests print nothing
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // nothing to report
    }
}
