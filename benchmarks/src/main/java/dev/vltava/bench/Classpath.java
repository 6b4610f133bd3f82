package dev.vltava.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the class path for child JVMs (the broker, the sink, PerfTool runs of the side-by-side driver).
 *
 * <p>Maven writes the runtime class path to {@code benchmarks/target/runtime-classpath.txt} in generate-resources.
 * Under {@code exec:java} the JVM's own class path is Maven's, so the file is the only reliable source; it is named
 * by the system property {@code vltava.bench.classpath.file}, or found next to this module's classes or jar.
 */
final class Classpath {
    static final String FILE_PROPERTY = "vltava.bench.classpath.file";
    private static final String FILE_NAME = "runtime-classpath.txt";

    private Classpath() {
    }

    /** The dependencies (broker jars, kafka-clients, vltava-producer, ...) without this module's own classes. */
    static String dependencies() {
        Path file = classpathFile();
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return System.getProperty("java.class.path");
    }

    /** This module's classes (target/classes or the jar) followed by the dependencies: enough to run any tool. */
    static String full() {
        Path own = ownLocation();
        String deps = dependencies();
        return own == null ? deps : own + File.pathSeparator + deps;
    }

    private static Path classpathFile() {
        String named = System.getProperty(FILE_PROPERTY);
        if (named != null && Files.isReadable(Path.of(named))) {
            return Path.of(named);
        }
        Path own = ownLocation();
        if (own != null && own.getParent() != null) {
            Path beside = own.getParent().resolve(FILE_NAME); // target/classes/.. or target/benchmarks.jar/..
            if (Files.isReadable(beside)) {
                return beside;
            }
        }
        return null;
    }

    private static Path ownLocation() {
        try {
            var source = Classpath.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The java launcher of the running JVM. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
