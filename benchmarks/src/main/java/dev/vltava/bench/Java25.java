package dev.vltava.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds a Java 25 launcher for the virtual-thread cases (this module itself runs on Java 17). */
final class Java25 {
    private Java25() {
    }

    /** $JAVA25_HOME/bin/java, else the first /usr/lib/jvm/*25* with a launcher; null if there is none. */
    static String find() {
        String home = System.getenv("JAVA25_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(".*\\b25\\b.*|.*-25-.*|.*-25"))
                    .map(d -> d.resolve("bin").resolve("java")).filter(Files::isExecutable).sorted()
                    .map(Path::toString).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first line of {@code java -version}, for the report. */
    static String version(String java) {
        try {
            Process p = new ProcessBuilder(List.of(java, "-version")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse(java);
        } catch (IOException e) {
            return java;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java;
        }
    }
}
