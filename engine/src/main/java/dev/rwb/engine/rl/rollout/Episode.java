package dev.rwb.engine.rl.rollout;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;

/**
 * One finished multi-turn episode as the rollout produced it, before rewards and advantages.
 *
 * @param instance the problem
 * @param tokenIds the whole sequence, BOS and prompt included
 * @param roles who wrote each token
 * @param turns the turn of each token (0 = prompt; each model turn and its tool response share a number)
 * @param logprobs behaviour-policy log-prob of each sampled token, NaN where not sampled
 * @param entropies entropy of the sampling distribution at each sampled token, NaN where not sampled
 * @param responseText the decoded text after the prompt (model and tool tokens)
 * @param finalAnswer the text inside the last {@code <answer>…</answer>}, or null
 * @param numToolCalls tool calls the model made
 * @param finishReason why the episode ended
 */
public record Episode(TaskInstance instance, int[] tokenIds, Role[] roles, int[] turns, float[] logprobs,
                      float[] entropies, String responseText, String finalAnswer, int numToolCalls,
                      FinishReason finishReason) {

    public int length() {
        return tokenIds.length;
    }

    /** Tokens after the prompt. */
    public int responseLength() {
        int n = 0;
        for (Role r : roles) {
            if (r != Role.PROMPT && r != Role.SYSTEM) {
                n++;
            }
        }
        return n;
    }
}
