package dev.vltava.producer.internal.config;

import dev.vltava.producer.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The table's settings that ProducerConfig does not read itself: each is parsed and validated as Kafka does, put
 * into the configuration's values, and, when Vltava does not support the value given, rejected with a
 * {@link ConfigException} that names the key, says it is not supported and what to use instead.
 */
public final class UnsupportedSettings {

    private UnsupportedSettings() {
    }

    /**
     * Checks every setting of the table not yet in {@code effective}: {@link SettingDef.Support#NOT_SUPPORTED} ones
     * must be unset or at their default; {@link SettingDef.Support#PARTIAL} ones must have a value Vltava supports.
     * Parsed values of the others are added to {@code effective}.
     */
    public static void check(ConfigValues v, Map<String, Object> effective) {
        for (SettingDef def : Settings.all()) {
            if (effective.containsKey(def.name())) {
                continue;
            }
            Object value = v.value(def);
            boolean limited = def.support() == SettingDef.Support.NOT_SUPPORTED
                    || def.support() == SettingDef.Support.PARTIAL;
            if (limited && v.isSet(def.name()) && !def.supported().test(value)) {
                throw new ConfigException(List.of(def.name()), def.name() + "=" + shown(def, v) + " is not supported "
                        + "by Vltava: " + def.note());
            }
            if (def.parsed()) {
                effective.put(def.name(), value);
            }
        }
    }

    private static Object shown(SettingDef def, ConfigValues v) {
        return def.type() == SettingDef.ConfigType.PASSWORD ? dev.vltava.producer.Password.HIDDEN
                : v.raw().get(def.name());
    }
}
