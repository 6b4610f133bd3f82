package dev.vltava.producer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from the settings table: this test fails when the committed file and the table
 * disagree, and rewrites the file when run with {@code -Dvltava.docs.write=true} ({@link ConfigurationDoc#COMMAND}).
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");

    @Test
    void theCommittedDocumentIsTheOneTheTableGenerates() throws IOException {
        String generated = ConfigurationDoc.render();
        if (Boolean.getBoolean("vltava.docs.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.readString(DOC, StandardCharsets.UTF_8);
        assertEquals(generated, committed, "docs/configuration.md is out of date with the settings table "
                + "(dev.vltava.producer.internal.config.Settings); regenerate it with: " + ConfigurationDoc.COMMAND);
    }

    @Test
    void everySettingIsDocumentedWithItsDefaultAndSupport() {
        String doc = ConfigurationDoc.render();
        for (SettingDef def : Settings.all()) {
            assertTrue(doc.contains("| `" + def.name() + "` |"), def.name());
        }
        assertTrue(doc.contains("| `linger.ms` | `5` | long: at least 0 | medium | 2.8 or earlier | yes |"), doc);
        assertTrue(doc.contains("| `partitioner.rack.aware` | `false` | boolean | low | 4.1 to 4.4 | no |"), doc);
    }
}
