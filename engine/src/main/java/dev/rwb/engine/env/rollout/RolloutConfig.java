package dev.rwb.engine.env.rollout;

import java.time.Duration;

/**
 * Limits of a multi-turn episode.
 *
 * @param maxTurns most tool calls per episode; the call after the last allowed one ends the episode (MAX_TURNS)
 * @param maxResponseTokens budget of response tokens (model and tool tokens after the prompt); reaching it ends
 *                          the episode (LENGTH)
 * @param toolTimeout time a tool may take; a tool that overruns or crashes ends the episode (TOOL_ERROR)
 * @param maxCallChars longest tool-call argument accepted; longer ones get an error observation
 */
public record RolloutConfig(int maxTurns, int maxResponseTokens, Duration toolTimeout, int maxCallChars) {
    public RolloutConfig {
        if (maxTurns < 0 || maxResponseTokens < 1 || maxCallChars < 1) {
            throw new IllegalArgumentException("rollout limits must be positive: maxTurns=" + maxTurns
                    + " maxResponseTokens=" + maxResponseTokens + " maxCallChars=" + maxCallChars);
        }
    }

    public static RolloutConfig defaults() {
        return new RolloutConfig(6, 512, Duration.ofSeconds(2), 200);
    }

    public RolloutConfig withMaxTurns(int turns) {
        return new RolloutConfig(turns, maxResponseTokens, toolTimeout, maxCallChars);
    }

    public RolloutConfig withMaxResponseTokens(int tokens) {
        return new RolloutConfig(maxTurns, tokens, toolTimeout, maxCallChars);
    }

    public RolloutConfig withToolTimeout(Duration timeout) {
        return new RolloutConfig(maxTurns, maxResponseTokens, timeout, maxCallChars);
    }
}
