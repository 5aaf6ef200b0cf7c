package dev.rwb.engine.interop.primerl;

import dev.rwb.engine.interop.TaggedText;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One prime-rl sample's token columns and how they map to the workbench schema:
 * {@code inference_logprobs} → logprob (the sampling policy), {@code advantages} → advantage,
 * {@code entropy} → entropy, {@code is_masked} → clipped (importance-ratio masking removed the
 * token's gradient), {@code loss_mask} → loss weight 1/0, {@code trainer_logprobs} → trainer logprob
 * and {@code mismatch_kl} → mismatch KL (the importance ratio is recomputed from the two logprobs,
 * so prime-rl's {@code importance_ratio} column adds nothing). Roles: masked tokens before the first
 * loss token are the PROMPT, masked tokens after it a TOOL_RESPONSE, loss tokens OTHER_MODEL,
 * refined by the tags of the decoded text when a tokenizer is given.
 */
record PrimeRlSequence(int[] ids, boolean[] lossMask, float[] advantages, float[] logprobs, float[] entropy,
                       float[] rewards, boolean[] isMasked, float[] trainerLogprobs, float[] mismatchKl) {

    PrimeRlSequence slice(int from, int to) {
        return new PrimeRlSequence(Arrays.copyOfRange(ids, from, to), Arrays.copyOfRange(lossMask, from, to),
                Arrays.copyOfRange(advantages, from, to), Arrays.copyOfRange(logprobs, from, to),
                Arrays.copyOfRange(entropy, from, to), Arrays.copyOfRange(rewards, from, to),
                Arrays.copyOfRange(isMasked, from, to), Arrays.copyOfRange(trainerLogprobs, from, to),
                Arrays.copyOfRange(mismatchKl, from, to));
    }

    Trajectory toTrajectory(String run, int step, String task, int sampleIndex, Tokenizer tokenizer) {
        int n = ids.length;
        String[] text = new String[n];
        for (int i = 0; i < n; i++) {
            text[i] = tokenizer == null ? "⟨" + ids[i] + "⟩" : decode(tokenizer, i);
        }
        int firstLoss = 0;
        while (firstLoss < n && !lossMask[firstLoss]) {
            firstLoss++;
        }
        Role[] roles = new Role[n];
        for (int i = 0; i < n; i++) {
            roles[i] = i < firstLoss ? Role.PROMPT : lossMask[i] ? Role.OTHER_MODEL : Role.TOOL_RESPONSE;
        }
        String answer = null;
        int toolResponses = 0;
        if (tokenizer != null && firstLoss < n) {
            answer = refineRolesByTags(text, roles, firstLoss);
        }
        int[] turns = new int[n];
        float[] weights = new float[n];
        int turn = 0;
        for (int i = 0; i < n; i++) {
            if (i > firstLoss && roles[i].isModelWritten() && roles[i - 1] == Role.TOOL_RESPONSE) {
                turn++;
            }
            if (i >= firstLoss && roles[i] == Role.TOOL_RESPONSE && (i == 0 || roles[i - 1] != Role.TOOL_RESPONSE)) {
                toolResponses++;
            }
            turns[i] = turn;
            weights[i] = lossMask[i] ? 1f : 0f;
        }
        float[] contributions = new float[n];
        float[] ref = new float[n];
        // prime-rl does not export the update's normaliser or a reference policy: both unknown.
        Arrays.fill(contributions, Float.NaN);
        Arrays.fill(ref, Float.NaN);
        TokenArrays tokens = new TokenArrays(ids, text, roles, turns, weights, logprobs, ref, entropy, advantages,
                contributions, isMasked, trainerLogprobs, mismatchKl, dev.rwb.engine.trajectory.TopLogprobs.none(n),
                Map.of());
        double reward = sequenceReward(firstLoss);
        String promptKey = promptKey(firstLoss);
        Map<String, Double> components = new LinkedHashMap<>();
        return new Trajectory(0, run, step, promptKey, promptKey, sampleIndex, task, "", answer, reward, components,
                reward >= 1.0, FinishReason.STOP, toolResponses, false, List.of(), tokens);
    }

    private String decode(Tokenizer tokenizer, int i) {
        if (ids[i] < 0 || ids[i] >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("token_ids[" + i + "] = " + ids[i] + " is outside the tokenizer's "
                    + tokenizer.vocabSize() + " ids (wrong tokenizer for this run?)");
        }
        try {
            return tokenizer.decodeToken(ids[i]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("token_ids[" + i + "] = " + ids[i] + " cannot be decoded by the "
                    + "tokenizer (wrong tokenizer for this run?): " + e.getMessage());
        }
    }

    /** Gives loss tokens the role of the tag span they start in; returns the final answer, if any. */
    private String refineRolesByTags(String[] text, Role[] roles, int firstLoss) {
        StringBuilder response = new StringBuilder();
        int[] offsets = new int[text.length];
        for (int i = firstLoss; i < text.length; i++) {
            offsets[i] = response.length();
            response.append(text[i]);
        }
        TaggedText.Segmentation seg = TaggedText.segment(response.toString(), Role.OTHER_MODEL);
        int s = 0;
        for (int i = firstLoss; i < text.length; i++) {
            while (s < seg.spans().size() - 1 && seg.spans().get(s).end() <= offsets[i]) {
                s++;
            }
            Role tagged = seg.spans().isEmpty() ? Role.OTHER_MODEL : seg.spans().get(s).role();
            if (lossMask[i] && tagged.isModelWritten()) {
                roles[i] = tagged;
            }
        }
        return seg.finalAnswer();
    }

    /**
     * prime-rl writes the sample's reward on every token: one distinct value is the reward; token-level
     * rewards that differ are summed.
     */
    private double sequenceReward(int firstLoss) {
        double first = Double.NaN;
        double sum = 0;
        boolean same = true;
        for (int i = firstLoss; i < rewards.length; i++) {
            float r = rewards[i];
            if (Float.isNaN(r)) {
                continue;
            }
            if (Double.isNaN(first)) {
                first = r;
            } else if (r != first) {
                same = false;
            }
            sum += r;
        }
        return same ? first : sum;
    }

    /** A key of the prompt's token ids, shared by samples of one prompt (their group). */
    private String promptKey(int promptLength) {
        int[] prompt = Arrays.copyOf(ids, promptLength);
        long h = 1125899906842597L;
        for (int id : prompt) {
            h = 31 * h + id;
        }
        return String.format("%08x%016x", Arrays.hashCode(prompt), h);
    }
}
