package dev.rwb.app.runlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.store.RunSummary;

import java.util.Locale;

/**
 * How a run reads in every run list of the workbench (dashboard, inspector, Compare, Uncertainty):
 * its name and id, its model, and its state, with a run that was stopped before its first step
 * marked as empty rather than shown like a run with results.
 */
public final class RunLabels {
    /** What an empty stopped run says instead of its counts. */
    public static final String EMPTY = "empty (stopped before step 1)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunLabels() {
    }

    /** A run that was stopped before it recorded any step or trajectory (the workbench marks a stopped run "stopped"). */
    public static boolean isEmptyStopped(RunSummary r) {
        return r.trajectories() == 0 && r.metricSteps() == 0 && "stopped".equals(r.run().status());
    }

    /**
     * The run's model as its stored config names it: "GPT tiny", "checkpoint …/warm-l1", or
     * "Qwen/Qwen2.5-0.5B-Instruct · LoRA r16 · fp16"; empty for a run without a config (an import).
     */
    public static String model(RunSummary r) {
        JsonNode model;
        try {
            String json = r.run().configJson();
            model = json == null || json.isBlank() ? null : JSON.readTree(json).path("model");
        } catch (java.io.IOException e) {
            return "";
        }
        if (model == null || !model.isObject()) {
            return "";
        }
        if (model.hasNonNull("path")) {
            JsonNode lora = model.path("lora");
            return model.get("path").asText()
                    + (lora.isObject() ? " · LoRA r" + lora.path("rank").asText() : "")
                    + (model.hasNonNull("dtype") && !"fp32".equals(model.get("dtype").asText()) ? " · " + model.get("dtype").asText() : "");
        }
        if (model.hasNonNull("checkpoint")) {
            java.nio.file.Path p = java.nio.file.Path.of(model.get("checkpoint").asText());
            int n = p.getNameCount();
            return "checkpoint " + (n > 2 ? "…/" + p.subpath(n - 2, n) : p.toString());
        }
        return model.hasNonNull("preset") ? "GPT " + model.get("preset").asText() : "";
    }

    /** "name  (#7, finished) · GPT tiny", or "name  (#7, empty (stopped before step 1)) · …". */
    public static String nameIdState(RunSummary r) {
        String model = model(r);
        return r.run().name() + "  (#" + r.run().id() + ", " + state(r) + ")" + (model.isEmpty() ? "" : " · " + model);
    }

    /** The run's status, or {@link #EMPTY} for an empty stopped run. */
    public static String state(RunSummary r) {
        return isEmptyStopped(r) ? EMPTY : r.run().status().toLowerCase(Locale.ROOT);
    }
}
