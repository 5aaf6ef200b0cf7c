package dev.rwb.engine.cli;

import dev.rwb.engine.report.LineChart;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rwb report --db DB --runs a,b --metrics eval_accuracy,format_rate --out chart.png}: one
 * line chart panel per metric, one line per run, over the steps the run recorded that metric.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Draw step metrics of runs as a PNG line chart.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--runs", required = true, split = ",", paramLabel = "NAME", description = "Run names, comma-separated.")
    List<String> runs;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME",
            defaultValue = "eval_accuracy,accuracy,format_rate,response_length_mean",
            description = "Step metrics, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Output PNG file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path file;
        try {
            file = db.requireExisting();
        } catch (IllegalArgumentException e) {
            System.err.println("rwb report: " + e.getMessage());
            return 1;
        }
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            List<LineChart.Panel> panels = new ArrayList<>();
            for (String metric : metrics) {
                List<LineChart.Series> lines = new ArrayList<>();
                for (String name : runs) {
                    RunInfo run = store.findRun(name).orElse(null);
                    if (run == null) {
                        System.err.println("rwb report: no run named '" + name + "' in " + file);
                        return 2;
                    }
                    List<StepMetric> values = store.stepMetrics(run.id()).stream()
                            .filter(m -> m.name().equals(metric)).toList();
                    double[] x = values.stream().mapToDouble(StepMetric::step).toArray();
                    double[] y = values.stream().mapToDouble(StepMetric::value).toArray();
                    lines.add(new LineChart.Series(name, x, y));
                }
                panels.add(new LineChart.Panel(metric, lines));
            }
            AtomicOutput.write(out, temp -> {
                LineChart.write(panels, temp);
                return null;
            });
            System.err.println("wrote " + out);
            return 0;
        }
    }
}
