package dev.vltava.bench;

import java.lang.reflect.Method;

/**
 * Profiles only PerfTool's measured interval with async-profiler, when asked: {@code
 * -Dvltava.bench.asyncProfiler=/path/libasyncProfiler.so} (and the async-profiler jar on the class path, e.g.
 * {@code -cp benchmarks.jar:async-profiler-4.2-linux-x64.jar}), {@code -Dvltava.bench.asyncProfilerStart=} the start
 * command (default {@code start,event=cpu,interval=500us}) and {@code -Dvltava.bench.asyncProfilerStop=} the stop
 * command (default {@code stop,file=measured.collapsed,collapsed}). A profile of the whole process mixes in the
 * warm-up: connection set-up, the broker creating partition logs, the JIT, and the first touch of heap pages.
 * Reflection keeps the benchmarks free of a build dependency on the profiler.
 */
final class MeasuredIntervalProfiler {
    private final Object profiler;
    private final Method execute;

    private MeasuredIntervalProfiler(Object profiler, Method execute) {
        this.profiler = profiler;
        this.execute = execute;
    }

    /** Null unless {@code vltava.bench.asyncProfiler} is set. */
    static MeasuredIntervalProfiler fromSystemProperties() {
        String library = System.getProperty("vltava.bench.asyncProfiler");
        if (library == null || library.isEmpty()) {
            return null;
        }
        try {
            Class<?> type = Class.forName("one.profiler.AsyncProfiler");
            Object profiler = type.getMethod("getInstance", String.class).invoke(null, library);
            return new MeasuredIntervalProfiler(profiler, type.getMethod("execute", String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load async-profiler (" + library + "; is its jar on the class"
                    + " path?)", e);
        }
    }

    void start() {
        run(System.getProperty("vltava.bench.asyncProfilerStart", "start,event=cpu,interval=500us"));
    }

    void stop() {
        run(System.getProperty("vltava.bench.asyncProfilerStop", "stop,file=measured.collapsed,collapsed"));
    }

    private void run(String command) {
        try {
            System.err.println("async-profiler: " + command + " -> " + execute.invoke(profiler, command));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("async-profiler refused '" + command + "'", e);
        }
    }
}
