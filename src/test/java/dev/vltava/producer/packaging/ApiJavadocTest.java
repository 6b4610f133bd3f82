package dev.vltava.producer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public type and member of the API ({@code dev.vltava.producer}) and the facade
 * ({@code dev.vltava.producer.compat}) and the tracing package ({@code dev.vltava.producer.opentelemetry}) is
 * documented: the JDK's javadoc with {@code -Xdoclint:all} reports nothing
 * for them. The build's javadoc jar already fails on every other doclint group; this test adds the "missing" group
 * with a ratchet: the files listed in {@link #NOT_YET_DOCUMENTED} (issue 17: still being changed by other work when
 * this check was added) are exempt until documented, and must be removed from the list once they are clean.
 */
class ApiJavadocTest {
    private static final Set<String> NOT_YET_DOCUMENTED = Set.of();
    private static final Pattern WARNING = Pattern.compile("^(.*?\\.java):(\\d+): (?:warning|error): (.*)$",
            Pattern.MULTILINE);

    @Test
    void everyPublicTypeAndMemberOfTheApiAndTheFacadeIsDocumented() throws IOException {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "a JDK (not a JRE) runs the tests");
        Path out = Files.createTempDirectory("vltava-javadoc-check");
        String classpath = Files.readString(Path.of(System.getProperty("vltava.broker.classpath.file",
                "target/broker-classpath.txt")), StandardCharsets.UTF_8).trim();
        List<String> args = List.of("-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "--release", "17",
                "-d", out.toString(), "-sourcepath", "src/main/java", "-cp", classpath,
                "dev.vltava.producer", "dev.vltava.producer.compat", "dev.vltava.producer.opentelemetry");
        StringWriter log = new StringWriter();
        int rc = javadoc.getTask(log, null, null, null, args, null).call() ? 0 : 1;
        String text = log.toString();
        assertEquals(0, rc, text);
        List<String> findings = new ArrayList<>();
        Set<String> stillExemptButClean = new TreeSet<>(NOT_YET_DOCUMENTED);
        Matcher m = WARNING.matcher(text);
        while (m.find()) {
            String file = Path.of(m.group(1)).getFileName().toString();
            stillExemptButClean.remove(file);
            if (!NOT_YET_DOCUMENTED.contains(file)) {
                findings.add(file + ":" + m.group(2) + ": " + m.group(3));
            }
        }
        assertEquals(List.of(), findings, "undocumented or badly documented public API");
        assertTrue(stillExemptButClean.isEmpty(), "now documented: remove from NOT_YET_DOCUMENTED " + stillExemptButClean);
    }
}
