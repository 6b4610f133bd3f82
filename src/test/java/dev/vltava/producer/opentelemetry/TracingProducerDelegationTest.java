package dev.vltava.producer.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.Producer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code TracingProducer} wraps a user's producer: every {@link Producer} method must reach the wrapped one. An abstract
 * method it forgot would not compile; a new default method would silently run the interface's default on the wrapper
 * instead, so defaults are checked here.
 */
class TracingProducerDelegationTest {

    /** Defaults that only call other Producer methods of the same object (which TracingProducer overrides). */
    private static final Set<String> DEFAULTS_BUILT_ON_OTHER_METHODS = Set.of("send(ProducerRecord)");

    @Test
    void everyDefaultMethodOfProducerIsOverriddenOrBuiltOnOverriddenOnes() {
        List<String> notDelegated = new ArrayList<>();
        for (Method m : Producer.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || !m.isDefault()
                    || DEFAULTS_BUILT_ON_OTHER_METHODS.contains(signature(m))) {
                continue;
            }
            try {
                TracingProducer.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                notDelegated.add(signature(m));
            }
        }
        assertEquals(List.of(), notDelegated, "Producer default methods TracingProducer does not delegate");
    }

    private static String signature(Method m) {
        List<String> params = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            params.add(p.getSimpleName());
        }
        return m.getName() + "(" + String.join(", ", params) + ")";
    }
}
