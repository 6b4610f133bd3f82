package dev.vltava.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written SVG: for each configuration, a pair of bars (vltava, kafka) for median throughput on top and for
 * median p99 latency below, each panel scaled to its own maximum.
 */
final class SvgChart {
    private static final String VLTAVA_COLOR = "#1f77b4";
    private static final String KAFKA_COLOR = "#ff7f0e";
    private static final int GROUP_WIDTH = 56;
    private static final int BAR_WIDTH = 22;
    private static final int LEFT = 70;
    private static final int PANEL_HEIGHT = 200;
    private static final int LABEL_HEIGHT = 190;

    private SvgChart() {
    }

    static String render(Map<BenchCase, List<Map<String, String>>> results) {
        return render(results, "vltava", c -> true, "recordsPerSecond", "median records/s (higher is better)", "%,.0f",
                "latencyP99Ms", "median p99 latency, ms (lower is better)", "%.1f");
    }

    /** Records/s and MiB/s against record size, both clients (the drop-in suite's size sweep). */
    static String renderSizes(Map<BenchCase, List<Map<String, String>>> results) {
        return render(results, "facade", BenchCase::sizeSweep, "recordsPerSecond",
                "median records/s by record size (higher is better)", "%,.0f", "mibPerSecond",
                "median MiB/s of payload by record size (higher is better)", "%,.1f");
    }

    /** Two panels of bar pairs (ours, kafka) over the cases {@code which} selects. */
    static String render(Map<BenchCase, List<Map<String, String>>> results, String ours,
            java.util.function.Predicate<BenchCase> which, String field1, String title1, String format1,
            String field2, String title2, String format2) {
        List<String> labels = new ArrayList<>();
        List<double[]> rps = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            if (!which.test(e.getKey())) {
                continue;
            }
            labels.add(e.getKey().sizeSweep() ? BenchCase.size(e.getKey().recordSizeBytes()) : e.getKey().label());
            rps.add(values(e.getValue(), ours, field1));
            p99.add(values(e.getValue(), ours, field2));
        }
        int width = LEFT + Math.max(1, labels.size()) * GROUP_WIDTH + 20;
        int top1 = 40;
        int top2 = top1 + PANEL_HEIGHT + 40;
        int height = top2 + PANEL_HEIGHT + LABEL_HEIGHT;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(legend(SideBySideTables.name(ours)));
        panel(sb, title1, rps, top1, format1);
        panel(sb, title2, p99, top2, format2);
        for (int i = 0; i < labels.size(); i++) {
            int x = LEFT + i * GROUP_WIDTH + GROUP_WIDTH / 2;
            int y = top2 + PANEL_HEIGHT + 12;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(55 %d %d)\">%s</text>%n",
                    x, y, x, y, escape(labels.get(i))));
        }
        return sb.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder sb, String title, List<double[]> values, int top, String format) {
        double max = 0;
        for (double[] v : values) {
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    max = Math.max(max, x);
                }
            }
        }
        max = max <= 0 ? 1 : max;
        int bottom = top + PANEL_HEIGHT;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT,
                top - 8, escape(title)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, bottom, LEFT + values.size() * GROUP_WIDTH, bottom));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 4,
                top + 10, String.format(Locale.ROOT, format, max)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", LEFT - 4,
                bottom));
        for (int i = 0; i < values.size(); i++) {
            for (int c = 0; c < 2; c++) {
                double v = values.get(i)[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                int h = (int) Math.round(PANEL_HEIGHT * v / max);
                int x = LEFT + i * GROUP_WIDTH + 5 + c * BAR_WIDTH;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s</title></rect>%n", x, bottom - h, BAR_WIDTH - 2, h,
                        c == 0 ? VLTAVA_COLOR : KAFKA_COLOR, (c == 0 ? "vltava " : "kafka ")
                                + String.format(Locale.ROOT, format, v)));
            }
        }
    }

    private static String legend(String ours) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"16\">" + escape(ours) + "</text>"
                + "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"16\">kafka-clients 4.4.0</text>%n", LEFT, VLTAVA_COLOR, LEFT + 16, LEFT + 110,
                KAFKA_COLOR, LEFT + 126);
    }

    private static double[] values(List<Map<String, String>> runs, String ours, String field) {
        return new double[] {SideBySideReport.median(runs, ours, field),
                SideBySideReport.median(runs, "kafka", field)};
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
