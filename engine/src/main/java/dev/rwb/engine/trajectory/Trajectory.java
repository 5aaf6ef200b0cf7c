package dev.rwb.engine.trajectory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One episode for one prompt, possibly many turns (DESIGN §4).
 *
 * @param id database id, 0 when not stored yet
 * @param run name of the run this trajectory belongs to
 * @param step optimizer step (or dump step) that produced it
 * @param promptId identifier of the prompt/problem instance
 * @param groupId identifier of the sampling group (GRPO: the G samples of one prompt)
 * @param sampleIndex index inside the group
 * @param task task name, e.g. "kb-search", "arithmetic", "countdown"
 * @param groundTruth the verifiable answer
 * @param finalAnswer what the model answered (null when it never answered)
 * @param reward total reward
 * @param rewardComponents the reward's parts (correctness, format, length_penalty, …) in insertion order
 * @param correct whether the final answer was judged correct
 * @param finishReason why the episode ended
 * @param numToolCalls number of tool calls the model made
 * @param textOnly true when token ids were re-derived from decoded text (e.g. verl dumps)
 * @param policySegments which policy version wrote which stretch (empty = one version, {@code step})
 * @param tokens the per-token arrays
 * @param toolError why a tool failed (crashed or timed out) in this episode, or null; such an episode scores 0
 * @param verifierError why the verifier or the reward function failed on this episode's answer, or null;
 *                      such an episode scores 0
 */
public record Trajectory(
        long id,
        String run,
        int step,
        String promptId,
        String groupId,
        int sampleIndex,
        String task,
        String groundTruth,
        String finalAnswer,
        double reward,
        Map<String, Double> rewardComponents,
        boolean correct,
        FinishReason finishReason,
        int numToolCalls,
        boolean textOnly,
        List<PolicySegment> policySegments,
        TokenArrays tokens,
        String toolError,
        String verifierError) {

    /** A trajectory without tool or verifier errors. */
    public Trajectory(long id, String run, int step, String promptId, String groupId, int sampleIndex, String task,
                      String groundTruth, String finalAnswer, double reward, Map<String, Double> rewardComponents,
                      boolean correct, FinishReason finishReason, int numToolCalls, boolean textOnly,
                      List<PolicySegment> policySegments, TokenArrays tokens) {
        this(id, run, step, promptId, groupId, sampleIndex, task, groundTruth, finalAnswer, reward, rewardComponents,
                correct, finishReason, numToolCalls, textOnly, policySegments, tokens, null, null);
    }

    public Trajectory {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(finishReason, "finish_reason");
        Objects.requireNonNull(tokens, "tokens");
        rewardComponents = rewardComponents == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rewardComponents));
        policySegments = policySegments == null ? List.of() : List.copyOf(policySegments);
        promptId = promptId == null ? "" : promptId;
        groupId = groupId == null ? "" : groupId;
        groundTruth = groundTruth == null ? "" : groundTruth;
    }

    /** The tool error and the verifier error joined for display, or null when the episode had neither. */
    public String error() {
        if (toolError == null) {
            return verifierError;
        }
        return verifierError == null ? toolError : toolError + "; " + verifierError;
    }

    /** Number of tokens before the first model-written token. */
    public int promptLength() {
        Role[] roles = tokens.roles();
        for (int i = 0; i < roles.length; i++) {
            if (roles[i].isModelWritten()) {
                return i;
            }
        }
        return roles.length;
    }

    /** Number of tokens after the prompt (model and tool tokens). */
    public int responseLength() {
        return tokens.length() - promptLength();
    }

    /** A copy with another database id. */
    public Trajectory withId(long newId) {
        return new Trajectory(newId, run, step, promptId, groupId, sampleIndex, task, groundTruth, finalAnswer,
                reward, rewardComponents, correct, finishReason, numToolCalls, textOnly, policySegments, tokens,
                toolError, verifierError);
    }

    /** A copy with other per-token arrays. */
    public Trajectory withTokens(TokenArrays newTokens) {
        return new Trajectory(id, run, step, promptId, groupId, sampleIndex, task, groundTruth, finalAnswer,
                reward, rewardComponents, correct, finishReason, numToolCalls, textOnly, policySegments, newTokens,
                toolError, verifierError);
    }
}
