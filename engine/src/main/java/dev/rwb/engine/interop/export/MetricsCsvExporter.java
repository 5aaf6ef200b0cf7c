package dev.rwb.engine.interop.export;

import dev.rwb.engine.store.StepMetric;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Step metrics as a wide CSV: one row per step, one column per metric name (sorted), empty where a
 * step lacks a metric or its value is not finite. Names are quoted when they need it (RFC 4180).
 */
public final class MetricsCsvExporter {
    private MetricsCsvExporter() {
    }

    /** Writes the CSV; returns the number of step rows. */
    public static int export(List<StepMetric> metrics, Writer out) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        TreeMap<Integer, Map<String, Double>> byStep = new TreeMap<>();
        for (StepMetric m : metrics) {
            names.add(m.name());
            byStep.computeIfAbsent(m.step(), s -> new TreeMap<>()).put(m.name(), m.value());
        }
        out.write("step");
        for (String n : names) {
            out.write(',');
            out.write(quote(n));
        }
        out.write('\n');
        for (Map.Entry<Integer, Map<String, Double>> row : byStep.entrySet()) {
            out.write(String.valueOf(row.getKey()));
            for (String n : names) {
                out.write(',');
                Double v = row.getValue().get(n);
                if (v != null && Double.isFinite(v)) {
                    out.write(format(v));
                }
            }
            out.write('\n');
        }
        out.flush();
        return byStep.size();
    }

    /** Shortest round-tripping text of a double, without exponent noise for integers. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
