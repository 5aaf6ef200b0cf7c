package dev.rwb.app.compare;

import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.Optional;
import java.util.function.Function;

/**
 * The training recipe of a run by name, read from the run's stored config, so the what-if tab
 * recomputes with the run's own clip, KL and aggregation. Runs whose config is not a workbench
 * run config (imports) get the engine's defaults, and say so.
 */
public final class RunRecipes implements Function<String, RunRecipes.RunRecipe> {
    /** A recipe and where it came from, for the legend. */
    public record RunRecipe(TrainingRecipe recipe, boolean runsOwn, String source) {
    }

    /** The engine's default recipe, for runs without a config of their own. */
    public static final Function<String, RunRecipe> DEFAULTS = run -> defaults(run, "no run config");

    private final WorkbenchStore store;

    public RunRecipes(WorkbenchStore store) {
        this.store = store;
    }

    /** Reads the run's config each time (one indexed row), so a run replaced under the same name is seen. */
    @Override
    public RunRecipe apply(String run) {
        Optional<RunInfo> info = store.findRun(run);
        if (info.isEmpty()) {
            return defaults(run, "run not in the DB");
        }
        try {
            return new RunRecipe(TrainingRecipe.fromConfigJson(info.get().configJson(), "run " + run),
                    true, "run " + run + "'s config");
        } catch (ConfigException | IllegalArgumentException e) {
            return defaults(run, "its config is not a workbench run config");
        }
    }

    private static RunRecipe defaults(String run, String why) {
        return new RunRecipe(TrainingRecipe.of(RunConfigReader.defaultConfig()), false,
                "engine defaults (" + why + ")");
    }
}
