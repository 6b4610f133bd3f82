package dev.vltava.producer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** The settings table against the official producer's ConfigDef (kafka-clients on the test class path). */
class SettingsParityTest {

    private static final Map<String, ConfigDef.ConfigKey> OFFICIAL =
            org.apache.kafka.clients.producer.ProducerConfig.configDef().configKeys();

    @Test
    void theTableHasExactlyTheOfficialKeys() {
        assertEquals(new TreeSet<>(OFFICIAL.keySet()),
                new TreeSet<>(Settings.all().stream().map(SettingDef::name).toList()));
    }

    @Test
    void typesDefaultsAndImportanceAreTheOfficialOnes() {
        List<String> differences = new ArrayList<>();
        for (SettingDef def : Settings.all()) {
            ConfigDef.ConfigKey official = OFFICIAL.get(def.name());
            if (official == null) {
                continue; // reported by theTableHasExactlyTheOfficialKeys
            }
            compare(differences, def, "type", official.type.name(), def.type().name());
            compare(differences, def, "importance", official.importance.name(), def.importance().name());
            Object officialDefault = official.defaultValue == ConfigDef.NO_DEFAULT_VALUE ? "(required)"
                    : official.defaultValue instanceof Class<?> c ? c.getName() : official.defaultValue;
            Object ours = def.required() ? "(required)" : def.defaultValue();
            compare(differences, def, "default", officialDefault, ours);
        }
        assertEquals(List.of(), differences);
    }

    private static void compare(List<String> out, SettingDef def, String what, Object official, Object ours) {
        if (!java.util.Objects.equals(official, ours)) {
            out.add(def.name() + " " + what + ": official " + official + ", table " + ours);
        }
    }

    /** Every setting with a validator describes it, and the default passes it (a default the table itself rejects is a typo). */
    @Test
    void everyDefaultPassesItsOwnValidator() {
        int checked = 0;
        for (SettingDef def : Settings.all()) {
            if (!def.required() && def.defaultValue() != null) {
                def.validator().check(def.name(), def.defaultValue(), def.defaultValue());
                checked++;
            }
        }
        assertTrue(checked > 80, "checked " + checked);
    }

    @Test
    void everySettingThatIsNotImplementedSaysWhy() {
        for (SettingDef def : Settings.all()) {
            if (def.support() != SettingDef.Support.IMPLEMENTED) {
                assertTrue(def.note() != null && def.note().length() > 20, def.name());
            }
            assertTrue(def.doc().endsWith("."), "doc of " + def.name() + " is a sentence");
        }
    }
}
