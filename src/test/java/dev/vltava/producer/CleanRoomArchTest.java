package dev.vltava.producer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The clean-room guard: production code is ours, and the public API never leaks an internal type. */
class CleanRoomArchTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vltava.producer");

    @Test
    void onlyTheCompatFacadeDependsOnTheOfficialClient() {
        noClasses().that().resideOutsideOfPackage("dev.vltava.producer.compat..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("production code is clean-room; only the compat facade adapts the official interfaces")
                .check(PRODUCTION);
    }

    @Test
    void publicApiExposesNoInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : PRODUCTION) {
            if (!c.getPackageName().equals("dev.vltava.producer") || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaMethod m : c.getMethods()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                checkType(m.getRawReturnType(), c, m.getName(), leaks);
                m.getRawParameterTypes().forEach(t -> checkType(t, c, m.getName(), leaks));
            }
            c.getRawSuperclass().ifPresent(s -> checkType(s, c, "extends", leaks));
            c.getRawInterfaces().forEach(i -> checkType(i, c, "implements", leaks));
        }
        Assertions.assertEquals(List.of(), leaks, "public API types must not expose internal types");
    }

    @Test
    void theGuardSeesProductionClasses() {
        // Without this, an empty import would make both rules above pass vacuously.
        Assertions.assertTrue(PRODUCTION.size() > 0, "no production classes imported");
    }

    private static void checkType(JavaClass t, JavaClass owner, String member, List<String> leaks) {
        if (t.getPackageName().startsWith("dev.vltava.producer.internal")) {
            leaks.add(owner.getName() + "#" + member + " -> " + t.getName());
        }
    }
}
