package dev.rwb.engine.interop.export;

import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run as a self-contained HTML page: its config, one inline SVG chart per step metric, and
 * charts of what its stored trajectories show per step (mean reward, accuracy, mean response
 * length — the curve that tends to grow under RL).
 */
public final class RunHtml {
    private static final int PAGE = 1000;

    private RunHtml() {
    }

    public static String render(WorkbenchStore store, RunInfo run) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(run.name())).append("</title><style>").append(TrajectoryHtml.CSS)
                .append(".charts{display:flex;flex-wrap:wrap;gap:12px}pre{background:#f6f6f6;padding:8px}")
                .append(".tag{display:inline-block;background:#e8eefc;border:1px solid #4a5d80;border-radius:9px;"
                        + "padding:0 8px;margin-left:4px;font-size:13px}")
                .append("</style></head><body>");
        sb.append("<h1>").append(Html.escape(run.name())).append("</h1><table>");
        row(sb, "kind", run.kind());
        row(sb, "status", run.status());
        row(sb, "created", run.createdAt().toString());
        sb.append("</table>");
        if (run.configJson() != null && !run.configJson().isBlank()) {
            sb.append("<h2>Config</h2><pre>").append(Html.escape(run.configJson())).append("</pre>");
        }
        sb.append("<h2>Step metrics</h2><div class=\"charts\">");
        Map<String, List<SvgLineChart.Point>> metrics = new TreeMap<>();
        for (StepMetric m : store.stepMetrics(run.id())) {
            metrics.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new SvgLineChart.Point(m.step(), m.value()));
        }
        if (metrics.isEmpty()) {
            sb.append("<p>No step metrics recorded.</p>");
        }
        metrics.forEach((name, pts) -> sb.append(SvgLineChart.render(name, pts)));
        sb.append("</div><h2>Trajectories per step</h2><div class=\"charts\">");
        trajectoryCharts(sb, store, run.name());
        sb.append("</div>");
        tagged(sb, store, run);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void trajectoryCharts(StringBuilder sb, WorkbenchStore store, String run) {
        // step → {count, reward sum, finite rewards, correct, response length sum}
        TreeMap<Integer, double[]> byStep = new TreeMap<>();
        int offset = 0;
        while (true) {
            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().run(run).page(offset, PAGE).build()).rows();
            for (TrajectorySummary t : rows) {
                double[] s = byStep.computeIfAbsent(t.step(), k -> new double[5]);
                s[0]++;
                if (Double.isFinite(t.reward())) {
                    s[1] += t.reward();
                    s[2]++;
                }
                s[3] += t.correct() ? 1 : 0;
                s[4] += t.responseLength();
            }
            if (rows.size() < PAGE) {
                break;
            }
            offset += PAGE;
        }
        if (byStep.isEmpty()) {
            sb.append("<p>No trajectories stored.</p>");
            return;
        }
        List<SvgLineChart.Point> reward = new ArrayList<>();
        List<SvgLineChart.Point> accuracy = new ArrayList<>();
        List<SvgLineChart.Point> length = new ArrayList<>();
        byStep.forEach((step, s) -> {
            reward.add(new SvgLineChart.Point(step, s[2] == 0 ? Double.NaN : s[1] / s[2]));
            accuracy.add(new SvgLineChart.Point(step, s[3] / s[0]));
            length.add(new SvgLineChart.Point(step, s[4] / s[0]));
        });
        sb.append(SvgLineChart.render("mean reward", reward));
        sb.append(SvgLineChart.render("accuracy", accuracy));
        sb.append(SvgLineChart.render("mean response length (tokens)", length));
    }

    /**
     * The run's tags and every tagged trajectory's own page, each in an {@code <iframe srcdoc>}: one
     * self-contained file to share, and each page keeps its own mode switch and styles.
     */
    private static void tagged(StringBuilder sb, WorkbenchStore store, RunInfo run) {
        List<dev.rwb.engine.store.Tag> tags = store.tagNames().isEmpty() ? List.of() : store.tags(run.name());
        List<String> own = tags.stream().filter(dev.rwb.engine.store.Tag::onRun).map(dev.rwb.engine.store.Tag::tag).toList();
        if (!own.isEmpty()) {
            sb.append("<p class=\"tags\" id=\"run-tags\">run tags:");
            own.forEach(t -> sb.append(" <span class=\"tag\">").append(Html.escape(t)).append("</span>"));
            sb.append("</p>");
        }
        Map<Long, List<String>> byTrajectory = new java.util.LinkedHashMap<>();
        for (dev.rwb.engine.store.Tag t : tags) {
            if (!t.onRun()) {
                byTrajectory.computeIfAbsent(t.trajectoryId(), k -> new ArrayList<>()).add(t.tag());
            }
        }
        if (byTrajectory.isEmpty()) {
            return;
        }
        sb.append("<h2>Tagged trajectories (").append(byTrajectory.size()).append(")</h2>");
        byTrajectory.forEach((id, names) -> {
            dev.rwb.engine.trajectory.Trajectory t = store.load(id);
            String page = TrajectoryHtml.render(t, dev.rwb.engine.palette.ColorMode.CONTRIBUTION,
                    dev.rwb.engine.palette.ScaleScope.RUN, ExportScales.of(store, t), TrajectoryAnnotations.of(store, id));
            sb.append("<section class=\"tagged\" id=\"trajectory-").append(id).append("\"><h3>#").append(id)
                    .append(" · step ").append(t.step()).append(" · ").append(Html.escape(String.join(", ", names)))
                    .append("</h3><iframe style=\"width:100%;height:520px;border:1px solid #bbb\" srcdoc=\"")
                    .append(Html.escape(page)).append("\"></iframe></section>");
        });
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><td><b>").append(Html.escape(k)).append("</b></td><td>").append(Html.escape(v == null ? "" : v))
                .append("</td></tr>");
    }
}
