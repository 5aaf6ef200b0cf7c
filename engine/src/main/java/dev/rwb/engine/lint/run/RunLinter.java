package dev.rwb.engine.lint.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.lint.LintContext;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.lint.Linter;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lints a stored run (or one step of it) and stores the findings, replacing earlier ones. The
 * import runs it once per imported run, the trainer once per committed step, {@code rwb lint} on demand.
 */
public final class RunLinter {
    /** Estimators whose advantages are not centred per group by definition. */
    private static final Set<String> UNCENTRED = Set.of("reinforce", "ppo");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

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
     * What the run's stored config says: its mask policy, group size and estimator. A run without a
     * config (an import), or with one this workbench cannot read, is linted as an unknown run.
     */
    public static LintContext context(RunInfo run) {
        String json = run.configJson();
        if (json == null || json.isBlank()) {
            return run.kind().equals("import") ? LintContext.UNKNOWN_RUN : new LintContext(null, 0, true, true);
        }
        try {
            if (run.kind().equals("rl")) {
                RunConfig c = RunConfigReader.parse(json, "run " + run.name());
                return new LintContext(mask(c.mask()), c.algorithm().groupSize(),
                        !UNCENTRED.contains(c.algorithm().name()), true);
            }
            // the sample installer's summary: {"algorithm", "group_size", "mask_policy": MaskPolicy.toMap()}
            JsonNode c = JSON.readTree(json);
            MaskPolicy mask = c.has("mask_policy")
                    ? MaskPolicy.fromMap(JSON.convertValue(c.get("mask_policy"), MAP)) : null;
            return new LintContext(mask, c.path("group_size").asInt(0),
                    !UNCENTRED.contains(c.path("algorithm").asText("grpo")), true);
        } catch (ConfigException | java.io.IOException | RuntimeException e) {
            return LintContext.UNKNOWN_RUN;
        }
    }

    /** The mask policy of a config's {@code mask} section: the preset, refined by per-role weights and the entropy filter. */
    static MaskPolicy mask(RunConfig.Mask m) {
        MaskPolicy.Builder b = m.preset().equals("custom") ? MaskPolicy.builder("custom")
                : MaskPolicy.preset(m.preset()).toBuilder();
        if (m.weights() != null) {
            m.weights().forEach((role, w) -> b.weight(Role.parse(role), w.floatValue()));
        }
        if (m.entropyTopFraction() > 0) {
            b.entropyTopFraction(m.entropyTopFraction());
        }
        return b.build();
    }
}
