package dev.rwb.engine.interop;

import java.util.Arrays;
import java.util.Locale;

/** The rollout formats the workbench imports (DESIGN §8, research/formats.md). */
public enum ImportFormat {
    /** The workbench's own trajectory JSONL. */
    RWB("rwb"),
    /** verl {@code rollout_data_dir}: one {@code <step>.jsonl} per step of decoded text. */
    VERL("verl"),
    /** TRL GRPOTrainer {@code completions/completions_<step>.parquet}. */
    TRL("trl"),
    /** prime-rl {@code token_exports/step_N/rank_R.jsonl}. */
    PRIME_RL("prime-rl"),
    /** OpenAI chat fine-tuning JSONL ({@code messages}, {@code tool_calls}, {@code weight}). */
    OPENAI_CHAT("openai-chat"),
    /** inspect_ai logs: {@code .eval} ZIP or {@code .json}. */
    INSPECT("inspect"),
    /** verifiers v1 {@code traces.jsonl} (prime-rl {@code rollouts/step_N/…/traces.jsonl}): message-node graphs with tokens. */
    VERIFIERS("verifiers");

    private final String key;

    ImportFormat(String key) {
        this.key = key;
    }

    /** The name used on the command line and in summaries. */
    public String key() {
        return key;
    }

    /** Parses a command-line name such as {@code prime-rl} (case-insensitive). */
    public static ImportFormat parse(String name) {
        for (ImportFormat f : values()) {
            if (f.key.equalsIgnoreCase(name.trim()) || f.name().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (expected auto or one of "
                + String.join(", ", Arrays.stream(values()).map(ImportFormat::key).toList()) + ")");
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
