package dev.rwb.engine.lint.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.lint.LintContext;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.lint.Linter;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Lints a stored run (or one step of it) and stores the findings, replacing earlier ones. The
 * import runs it once per imported run, the trainer once per committed step, {@code rwb lint} on demand.
 */
public final class RunLinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Linter linter;

    public RunLinter(Linter linter) {
        this.linter = linter;
    }

    /** A run linter with every check. */
    public static RunLinter standard() {
        return new RunLinter(Linter.standard());
    }

    /** Lints every trajectory of {@code run} (one step's when {@code step} is not null); returns the findings. */
    public List<LintFinding> lint(WorkbenchStore store, String run, Integer step) {
        RunInfo info = store.findRun(run).orElseThrow(() -> new IllegalArgumentException("no run named '" + run
                + "' in " + store.file()));
        LintContext context = context(info);
        // one step at a time (groups never span steps), so a large import is never all in memory
        List<LintFinding> findings = new ArrayList<>();
        List<Trajectory> batch = new ArrayList<>();
        for (long id : store.trajectoryIds(run, step)) {
            Trajectory t = store.load(id);
            if (!batch.isEmpty() && batch.get(0).step() != t.step()) {
                findings.addAll(linter.lintAll(batch, context));
                batch.clear();
            }
            batch.add(t);
        }
        findings.addAll(linter.lintAll(batch, context));
        store.replaceLints(run, step, findings);
        return findings;
    }

    /**
     * What the run's stored config says, read by its {@link TrainingRecipe}: its mask policy, group
     * size and whether its estimator centres each group. Sample runs installed before the sample
     * runs stored a run config kept a summary ({@code group_size}, {@code mask_policy} with per-role
     * weights); a run without a config (an import), or with one this workbench cannot read, is
     * linted as an unknown run.
     */
    public static LintContext context(RunInfo run) {
        String json = run.configJson();
        if (json == null || json.isBlank()) {
            return run.kind().equals("import") ? LintContext.UNKNOWN_RUN : new LintContext(null, 0, true, true);
        }
        try {
            TrainingRecipe r = TrainingRecipe.fromConfigJson(json, "run " + run.name());
            return new LintContext(r.maskPolicy(), r.config().algorithm().groupSize(), r.advantagesCentredPerGroup(),
                    true);
        } catch (ConfigException e) {
            return legacySampleSummary(json);
        }
    }

    /** An old sample run's summary: {@code {"group_size": 8, "mask_policy": {"name", "weights": {role: w}}}} (GRPO). */
    private static LintContext legacySampleSummary(String json) {
        try {
            JsonNode c = JSON.readTree(json);
            JsonNode weights = c.path("mask_policy").path("weights");
            if (!c.has("group_size") || !weights.isObject()) {
                return LintContext.UNKNOWN_RUN;
            }
            MaskPolicy.Builder b = MaskPolicy.builder(c.path("mask_policy").path("name").asText("custom"));
            weights.fields().forEachRemaining(e -> b.weight(Role.parse(e.getKey()), (float) e.getValue().asDouble()));
            return new LintContext(b.build(), c.path("group_size").asInt(0), true, true);
        } catch (java.io.IOException | RuntimeException e) {
            return LintContext.UNKNOWN_RUN;
        }
    }
}
