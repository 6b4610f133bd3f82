package dev.vltava.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Virtual threads on Java 21+, reached reflectively: this module compiles for Java 17. */
final class VirtualThreads {
    private VirtualThreads() {
    }

    /** An unstarted virtual thread running {@code task}; fails with a clear message before Java 21. */
    static Thread unstarted(Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            MethodHandle unstarted = MethodHandles.publicLookup().findVirtual(
                    Class.forName("java.lang.Thread$Builder"), "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
            return (Thread) unstarted.invoke(builder, task);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("--virtual-threads needs Java 21 or later; this is Java "
                    + System.getProperty("java.version"), e);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a virtual thread", e);
        }
    }
}
