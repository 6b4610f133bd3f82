package dev.vltava.producer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package under {@code dev.vltava.producer.internal} tells readers of its javadoc (and of the sources jar)
 * that it is not API. The javadoc jar leaves these packages out; an IDE shows their package-info all the same.
 */
class InternalPackagesAreNotApiTest {
    private static final Path INTERNAL = Path.of("src/main/java/dev/vltava/producer/internal");
    private static final String NOTE = "<b>Internal: not API.</b>";

    @Test
    void everyInternalPackageHasAPackageInfoThatSaysItIsNotApi() throws IOException {
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(INTERNAL)) {
            packages = dirs.filter(Files::isDirectory).filter(InternalPackagesAreNotApiTest::hasJavaFiles).toList();
        }
        assertTrue(packages.size() > 10, "found the internal packages: " + packages);
        List<Path> without = packages.stream().filter(dir -> !saysNotApi(dir.resolve("package-info.java"))).toList();
        assertEquals(List.of(), without, "package-info.java missing or without \"" + NOTE + "\"");
    }

    private static boolean hasJavaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean saysNotApi(Path packageInfo) {
        try {
            return Files.exists(packageInfo) && Files.readString(packageInfo, StandardCharsets.UTF_8).contains(NOTE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
