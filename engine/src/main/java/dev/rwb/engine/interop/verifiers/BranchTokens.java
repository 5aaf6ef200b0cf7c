package dev.rwb.engine.interop.verifiers;

import dev.rwb.engine.interop.TaggedText;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TopLogprobs;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-token arrays of one verifiers branch (a root-to-leaf path of message nodes), built the
 * way verifiers' {@code Branch} concatenates its nodes: token ids in path order, the compact
 * logprobs, advantages and reference logprobs spread onto the sampled positions (NaN elsewhere),
 * and each named loss stream concatenated with 0 where a node lacks it.
 *
 * <p>Roles: a token the model sampled ({@code mask}) is model-written, OTHER_MODEL refined by the
 * tags of its decoded text when a tokenizer is given (REASONING, TOOL_CALL, ANSWER); a token that
 * {@code is_content} marks as scaffold is TEMPLATE, and so is the generation-prompt scaffold that
 * leads every sampled assistant node; content tokens take their message's role: system → SYSTEM,
 * user → PROMPT, tool → TOOL_RESPONSE, and an assistant message the model did not sample (context
 * fabricated by the prompt) → PROMPT. Without {@code is_content} an input node's scaffold keeps its
 * message's role: the source does not say where it is.
 *
 * <p>Loss weight: the {@code rl} stream where the node has one, else 1 on sampled tokens; like
 * prime-rl's {@code trajectories.py}, a sampled node shared by several branches trains in the first
 * only, so it has weight 0 in later ones.
 */
final class BranchTokens {
    /** The stream that weights the RL policy-gradient loss in prime-rl. */
    static final String RL_STREAM = "rl";

    private BranchTokens() {
    }

    /**
     * @param path the branch's nodes, root first
     * @param pathIds the nodes' indices in the trace, parallel to {@code path}
     * @param trained sampled nodes already trained by an earlier branch of the trace; updated
     * @param tokenizer decodes ids to text, or null (ids then show as ⟨id⟩)
     */
    static TokenArrays build(List<MessageNode> path, List<Integer> pathIds, Set<Integer> trained, Tokenizer tokenizer) {
        int n = 0;
        Set<String> streamNames = new LinkedHashSet<>();
        for (MessageNode node : path) {
            n += node.tokenIds().length;
            streamNames.addAll(node.lossWeights().keySet());
        }
        int[] ids = new int[n];
        String[] text = new String[n];
        Role[] roles = new Role[n];
        int[] turns = new int[n];
        float[] weights = new float[n];
        float[] logprobs = TokenArrays.nans(n);
        float[] advantages = TokenArrays.nans(n);
        float[] reference = TokenArrays.nans(n);
        Map<String, float[]> streams = new LinkedHashMap<>();
        for (String name : streamNames) {
            streams.put(name, new float[n]);
        }
        int at = 0;
        int turn = 0;
        int sampledNodes = 0;
        for (int k = 0; k < path.size(); k++) {
            MessageNode node = path.get(k);
            // the mask is the record of what the model sampled (prime-rl trains a node when sampled and any(mask))
            boolean modelTurn = node.sampledCount() > 0;
            if (modelTurn) {
                turn = sampledNodes++;
            }
            boolean trains = modelTurn && trained.add(pathIds.get(k));
            float[] rl = node.lossWeights().get(RL_STREAM);
            int s = 0;
            for (int j = 0; j < node.tokenIds().length; j++, at++) {
                ids[at] = node.tokenIds()[j];
                text[at] = tokenizer == null ? "⟨" + ids[at] + "⟩" : decode(tokenizer, ids[at], at);
                turns[at] = turn;
                boolean sampledToken = node.mask()[j];
                roles[at] = role(node, j);
                if (sampledToken) {
                    logprobs[at] = node.logprobs() == null ? Float.NaN : node.logprobs()[s];
                    advantages[at] = node.advantages() == null ? Float.NaN : node.advantages()[s];
                    reference[at] = node.referenceLogprobs() == null ? Float.NaN : node.referenceLogprobs()[s];
                    s++;
                }
                float w = rl != null ? rl[j] : sampledToken ? 1f : 0f;
                weights[at] = !modelTurn || trains ? w : 0f;
                for (Map.Entry<String, float[]> e : node.lossWeights().entrySet()) {
                    streams.get(e.getKey())[at] = e.getValue()[j];
                }
            }
            if (tokenizer != null && modelTurn) {
                refineByTags(text, roles, at - node.tokenIds().length, at);
            }
        }
        float[] contributions = TokenArrays.nans(n);
        // neither verifiers nor prime-rl's dump records the update's normaliser or a clip: contribution unknown
        return new TokenArrays(ids, text, roles, turns, weights, logprobs, reference, TokenArrays.nans(n), advantages,
                contributions, new boolean[n], TokenArrays.nans(n), TokenArrays.nans(n), TopLogprobs.none(n), streams);
    }

    private static Role role(MessageNode node, int j) {
        if (node.mask()[j]) {
            return Role.OTHER_MODEL;
        }
        boolean scaffold = node.isContent().length > 0 ? !node.isContent()[j] : node.sampledCount() > 0;
        if (scaffold) {
            return Role.TEMPLATE;
        }
        return switch (node.role()) {
            case "system" -> Role.SYSTEM;
            case "tool" -> Role.TOOL_RESPONSE;
            default -> Role.PROMPT;
        };
    }

    /** Gives the sampled tokens of one node the role of the tag span they start in. */
    private static void refineByTags(String[] text, Role[] roles, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int[] offsets = new int[to - from];
        for (int i = from; i < to; i++) {
            offsets[i - from] = sb.length();
            sb.append(text[i]);
        }
        TaggedText.Segmentation seg = TaggedText.segment(sb.toString(), Role.OTHER_MODEL);
        int span = 0;
        for (int i = from; i < to; i++) {
            while (span < seg.spans().size() - 1 && seg.spans().get(span).end() <= offsets[i - from]) {
                span++;
            }
            Role tagged = seg.spans().isEmpty() ? Role.OTHER_MODEL : seg.spans().get(span).role();
            if (roles[i] == Role.OTHER_MODEL && tagged.isModelWritten()) {
                roles[i] = tagged;
            }
        }
    }

    private static String decode(Tokenizer tokenizer, int id, int position) {
        if (id >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("token " + position + " has id " + id + ", outside the tokenizer's "
                    + tokenizer.vocabSize() + " ids (wrong tokenizer for this run?)");
        }
        return tokenizer.decodeToken(id);
    }
}
