package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 19: the official client's runs in a 64 MiB heap failed (out of memory) and only their JSON reached the
 * results dir; the logs saying why stayed in the work dir, beside earlier invocations' logs of the same run numbers.
 */
class SideBySideFailedLogTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedRunsLogIsCopiedBesideTheRawResults() throws IOException {
        Path log = Files.writeString(Files.createDirectories(tmp.resolve("work/logs")).resolve("run-019-kafka.log"),
                "java.lang.OutOfMemoryError: Java heap space\n", StandardCharsets.UTF_8);
        Path results = tmp.resolve("results");

        Path kept = SideBySide.keepFailedLog(results, log);

        assertEquals(results.resolve("logs/run-019-kafka.log"), kept);
        assertEquals("java.lang.OutOfMemoryError: Java heap space\n", Files.readString(kept, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAResultsDirOrALogNothingIsCopied() throws IOException {
        Path log = tmp.resolve("run-001-facade.log");
        assertNull(SideBySide.keepFailedLog(null, log));
        assertNull(SideBySide.keepFailedLog(tmp.resolve("results"), log), "the run left no log");
        assertEquals(false, Files.exists(tmp.resolve("results")));
    }
}
