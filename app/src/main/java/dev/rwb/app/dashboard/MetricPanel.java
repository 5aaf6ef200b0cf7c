package dev.rwb.app.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * One small chart of the dashboard's metric grid: a title and the step metrics it draws (the first
 * recorded one is the panel's main curve, the one the zoom opens).
 *
 * @param title what the panel says ("KL", "tokens/s")
 * @param metrics the metric names it draws, in order of preference
 * @param stepLabel the horizontal axis: RL steps, or warm-start steps for the warm-start phase
 */
public record MetricPanel(String title, List<String> metrics, String stepLabel) {
    /** The warm start's loss curve, stored by the trainer at the global warm-start step (1-based). */
    public static final String WARM_START_LOSS = "warm_start/loss";

    /** The grid's panels in reading order, like a W&B run page: the warm start first, then the RL phase. */
    public static final List<MetricPanel> STANDARD = List.of(
            new MetricPanel("warm start loss", List.of(WARM_START_LOSS), "warm-start step"),
            rl("reward", "reward_mean"),
            rl("accuracy (training samples)", "accuracy"),
            rl("held-out accuracy", "eval_accuracy", "eval_pass_at_k"),
            rl("response length (tokens)", "response_length_mean"),
            rl("KL to the reference", "kl"),
            rl("entropy (nats)", "entropy"),
            rl("clip fraction", "clip_fraction"),
            rl("tokens/s", "rollout_tokens_per_s", "train_tokens_per_s", "tokens_per_s"));

    /** At most this many panels of other metrics when a run records none of the standard ones (an SFT run). */
    static final int MAX_OTHER = 8;

    private static MetricPanel rl(String title, String... metrics) {
        return new MetricPanel(title, List.of(metrics), "step");
    }

    /** The metrics of this panel that the history has. */
    public List<String> recorded(MetricHistory history) {
        return metrics.stream().filter(history::has).toList();
    }

    /**
     * The panels to show for a run: the standard panels it has data for; when it has none of them,
     * one panel per recorded metric (up to {@value #MAX_OTHER}), so any run's curves can be seen.
     */
    public static List<MetricPanel> forHistory(MetricHistory history) {
        List<MetricPanel> out = new ArrayList<>(STANDARD.stream().filter(p -> !p.recorded(history).isEmpty()).toList());
        if (out.isEmpty()) {
            history.names().stream().filter(n -> !MetricHistory.isWarmStart(n)).limit(MAX_OTHER)
                    .forEach(n -> out.add(rl(n, n)));
        }
        return out;
    }
}
