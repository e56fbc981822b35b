package dev.ferry.client.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Figures a benchmark measured, printed as a table for people or as tab-separated lines for scripts. */
public final class Report {
    /** One figure: what was measured, its value and its unit. */
    public record Row(String metric, String value, String unit) {}

    private final List<Row> rows = new ArrayList<>();

    public Report add(String metric, double value, String unit) {
        rows.add(new Row(metric, format(value), unit));
        return this;
    }

    public Report add(String metric, long value, String unit) {
        rows.add(new Row(metric, Long.toString(value), unit));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public void print(PrintWriter out, boolean tsv) {
        if (tsv) {
            rows.forEach(r -> out.println(r.metric() + "\t" + r.value() + "\t" + r.unit()));
            return;
        }
        int width = rows.stream().mapToInt(r -> r.metric().length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> r.value().length()).max().orElse(0);
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %" + valueWidth + "s %s", r.metric(), r.value(), r.unit()));
        }
    }

    private static String format(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Nearest-rank percentile of the values; they are sorted in place. */
    static long percentile(long[] values, double p) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(p * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }

    static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }
}
