package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public types of the API package must not show internal or Kafka types in any public or protected member. */
class PublicApiSurfaceTest {

    @Test
    void publicSignaturesUseNoInternalOrKafkaTypes() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass jc : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.vltava.producer")) {
            if (!jc.getPackageName().equals("dev.vltava.producer")) {
                continue;
            }
            Class<?> c = jc.reflect();
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            check(c, c.getGenericSuperclass(), "superclass", leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c, t, "interface", leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                checkExecutable(c, m, m.getGenericReturnType(), leaks);
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                checkExecutable(c, k, null, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(c, f.getGenericType(), f.getName(), leaks);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static void checkExecutable(Class<?> owner, Executable e, Type returnType, List<String> leaks) {
        if (!visible(e.getModifiers())) {
            return;
        }
        if (returnType != null) {
            check(owner, returnType, e.getName(), leaks);
        }
        for (Type t : e.getGenericParameterTypes()) {
            check(owner, t, e.getName(), leaks);
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Class<?> owner, Type type, String where, List<String> leaks) {
        if (type == null) {
            return;
        }
        String name = type.getTypeName();
        if (name.contains("dev.vltava.producer.internal") || name.contains("org.apache.kafka")) {
            leaks.add(owner.getSimpleName() + "." + where + ": " + name);
        }
    }
}
