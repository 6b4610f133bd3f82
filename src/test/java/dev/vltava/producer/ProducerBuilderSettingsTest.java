package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The builder's typed options write settings of the table that Vltava implements (they are parsed and validated
 * by the same path as Kafka property maps: buildConfig() is ProducerConfig.from): an option for a key that is not in
 * the table, or that Vltava does not implement, fails here.
 */
class ProducerBuilderSettingsTest {

    /** Options that are not one setting: raw keys, plugins and instances, composite SASL credentials. */
    private static final Set<String> NOT_ONE_SETTING = Set.of("config", "configs", "keySerializer",
            "valueSerializer", "partitioner", "listener", "interceptor", "configProvider", "saslPlain", "saslScram",
            "oauthBearer", "bootstrapServers", "compression", "transactionTimeout");

    @Test
    void everyTypedOptionWritesAnImplementedSettingOfTheTable() throws ReflectiveOperationException {
        List<String> checked = new ArrayList<>();
        for (Method m : ProducerBuilder.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1
                    || m.getReturnType() != ProducerBuilder.class || NOT_ONE_SETTING.contains(m.getName())) {
                continue;
            }
            Set<String> keys = keysWrittenBy(m);
            assertEquals(1, keys.size(), m.getName() + " writes one key: " + keys);
            String key = keys.iterator().next();
            SettingDef def = Settings.find(key);
            assertTrue(def != null, m.getName() + " writes " + key + ", which is not in the settings table");
            assertEquals(SettingDef.Support.IMPLEMENTED, def.support(), m.getName() + " -> " + key);
            checked.add(m.getName());
        }
        assertTrue(checked.size() >= 30, "typed options checked: " + checked);
    }

    /** The keys the option put into the builder's settings, besides bootstrap.servers. */
    private static Set<String> keysWrittenBy(Method option) throws ReflectiveOperationException {
        ProducerBuilder<?, ?> b = Producer.builder().bootstrapServers("localhost:9092");
        try {
            option.invoke(b, sample(option.getParameterTypes()[0]));
        } catch (InvocationTargetException e) {
            throw new AssertionError(option.getName() + " rejected its sample value", e.getCause());
        }
        Field configs = ProducerBuilder.class.getDeclaredField("configs");
        configs.setAccessible(true);
        Set<String> keys = new HashSet<>(((Map<?, ?>) configs.get(b)).keySet().stream().map(String::valueOf).toList());
        keys.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        return keys;
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == String.class) {
            return "sample";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[type.getEnumConstants().length - 1];
        }
        throw new AssertionError("no sample for " + type);
    }
}
