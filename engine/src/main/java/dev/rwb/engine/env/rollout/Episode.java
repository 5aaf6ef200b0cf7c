package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.List;

/**
 * The growing state of one episode: its tokens with roles and turns, the model text of the
 * current turn (for parsing a call), the tool-call count and, once over, why it ended.
 * Turn numbering: 0 is the prompt; model turn k and the observation that answers it carry k;
 * the turn number increments after each tool response.
 */
final class Episode extends EpisodeProgress {
    final TokenArrays.Builder tokens = TokenArrays.builder();
    final int promptLength;

    private final RoleTracker roles = new RoleTracker();
    private final StringBuilder turnText = new StringBuilder();
    private final StringBuilder modelText = new StringBuilder();
    private int turn = 1;
    private final List<PolicySegment> segments = new ArrayList<>();
    /** Response length when the current rollout call began (the partial-rollout budget counts from it). */
    private int callStartLength;

    Episode(TaskInstance instance, int sampleIndex, List<Tool> tools, int[] promptIds, Tokenizer tokenizer) {
        super(instance, sampleIndex, tools);
        for (int id : promptIds) {
            tokens.add(id, tokenizer.decodeToken(id), Role.PROMPT, 0);
        }
        this.promptLength = promptIds.length;
    }

    /** Records one sampled token; model tokens get loss weight 1 (the trainer re-applies its mask policy). */
    void addModelToken(int id, String text, float logprob, float entropy) {
        Role role = roles.next(text);
        tokens.add(id, text, role, turn, 1f, logprob, Float.NaN, entropy, Float.NaN, 0f, false);
        turnText.append(text);
        modelText.append(text);
    }

    /** Records an observation's tokens and starts the next turn. */
    void addObservation(int[] ids, Tokenizer tokenizer) {
        for (int id : ids) {
            tokens.add(id, tokenizer.decodeToken(id), Role.TOOL_RESPONSE, turn);
        }
        turn++;
        turnText.setLength(0);
        roles.reset();
    }

    /**
     * Starts a rollout call by policy {@code version}: opens a new policy segment at the next token
     * unless the same version wrote the previous one, and restarts the per-call token count.
     */
    void beginCall(int version) {
        if (segments.isEmpty() || segments.get(segments.size() - 1).policyVersion() != version) {
            segments.add(new PolicySegment(tokens.size(), version));
        }
        callStartLength = responseLength();
    }

    /** Response tokens (model and tool) added since {@link #beginCall}. */
    int tokensThisCall() {
        return responseLength() - callStartLength;
    }

    List<PolicySegment> segments() {
        return List.copyOf(segments);
    }

    /** Every token id so far, prompt included (the prefix a continued episode is resumed from). */
    int[] tokenIds() {
        return tokens.build().tokenIds();
    }

    @Override
    String turnText() {
        return turnText.toString();
    }

    /** Everything the model wrote, all turns concatenated. */
    String modelText() {
        return modelText.toString();
    }

    @Override
    int responseLength() {
        return tokens.size() - promptLength;
    }
}
