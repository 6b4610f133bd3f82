package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each suite owns its own marked section of docs/benchmarks.md: session 5's drop-in run replaced the core-API matrix
 * section (they shared one pair of markers) and it had to be restored by hand.
 */
class SideBySideReportTest {
    private static final String MATRIX = SideBySideReport.MATRIX_SECTION;
    private static final String DROP_IN = SideBySideReport.DROP_IN_SECTION;

    private static String doc() {
        return "# Benchmarks\n\nhand-written intro\n\n"
                + SideBySideReport.begin(MATRIX) + "\n## Side by side\nmatrix tables\n" + SideBySideReport.end(MATRIX)
                + "\n\n## Microbenchmarks\nhand-written JMH notes\n";
    }

    @Test
    void theDropInSuiteAddsItsOwnSectionAndKeepsTheMatrix() {
        String once = SideBySideReport.replaceSection(doc(), DROP_IN, "## Drop-in\nfirst run\n");
        String twice = SideBySideReport.replaceSection(once, DROP_IN, "## Drop-in\nsecond run\n");

        assertTrue(twice.contains("matrix tables"), twice);
        assertTrue(twice.contains("hand-written intro") && twice.contains("hand-written JMH notes"), twice);
        assertTrue(twice.contains("second run") && !twice.contains("first run"), twice);
        assertEquals(1, count(twice, SideBySideReport.begin(DROP_IN)), twice);
        assertEquals(1, count(twice, SideBySideReport.begin(MATRIX)), twice);
    }

    @Test
    void theMatrixReplacesOnlyItsOwnSection() {
        String withDropIn = SideBySideReport.replaceSection(doc(), DROP_IN, "## Drop-in\ndrop-in tables\n");
        String text = SideBySideReport.replaceSection(withDropIn, MATRIX, "## Side by side\nnew matrix\n");

        assertTrue(text.contains("drop-in tables"), text);
        assertTrue(text.contains("new matrix") && !text.contains("matrix tables"), text);
        assertTrue(text.indexOf("new matrix") < text.indexOf("## Microbenchmarks"), "replaced in place: " + text);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
