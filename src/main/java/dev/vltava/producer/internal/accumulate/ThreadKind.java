package dev.vltava.producer.internal.accumulate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Whether a thread is virtual, on Java 17 too (the library targets 17; {@code Thread.isVirtual} is Java 21+). */
final class ThreadKind {
    /** {@code Thread.isVirtual()}, or null before Java 21 (no virtual threads there). */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private ThreadKind() {
    }

    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false; // (cannot happen: a final getter)
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
