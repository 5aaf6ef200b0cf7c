package dev.rwb.engine.interop;

import dev.rwb.engine.chat.RenderedChat;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TopLogprobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Builds the per-token arrays of a text-only trajectory: tokenises each stretch of text, gives its
 * tokens a role, a turn and a loss weight, and the response's advantage. A new turn starts when
 * the model writes again after text it did not write (a tool response or a user message).
 */
public final class TokenSequenceBuilder {
    /**
     * The Search-R1 convention: tokens the policy sampled get weight 1, everything else (prompt,
     * tool responses) 0, because a policy gradient is only defined for sampled tokens.
     */
    public static final ToDoubleFunction<Role> MODEL_TOKENS_ONLY = r -> r.isModelWritten() ? 1.0 : 0.0;

    private final TextPieces pieces;
    private final TokenArrays.Builder tokens = TokenArrays.builder();
    private int turn;
    private boolean sawModel;
    private Role lastRole = Role.PROMPT;
    private float advantage = Float.NaN;
    private int toolCalls;
    private String finalAnswer;
    private boolean cutInsideTag;

    public TokenSequenceBuilder(TextPieces pieces) {
        this.pieces = pieces;
    }

    /** The advantage given to tokens appended from now on (NaN = unknown). */
    public TokenSequenceBuilder advantage(float value) {
        this.advantage = value;
        return this;
    }

    /** Appends text whose tokens all have one role and weight. */
    public TokenSequenceBuilder append(String text, Role role, float weight) {
        if (text == null || text.isEmpty()) {
            return this;
        }
        enter(role);
        float adv = role == Role.PROMPT || role == Role.SYSTEM ? Float.NaN : advantage;
        int t = turn;
        pieces.split(text, (id, piece) -> tokens.add(id, piece, role, t, weight, Float.NaN, Float.NaN, Float.NaN,
                adv, Float.NaN, false));
        return this;
    }

    /**
     * Appends model-side text cut into role spans by its tags; text outside tags gets
     * {@code outside}; each span's weight is {@code weights(role)} times {@code scale}.
     */
    public TaggedText.Segmentation appendTagged(String text, Role outside, ToDoubleFunction<Role> weights,
                                                float scale) {
        TaggedText.Segmentation seg = TaggedText.segment(text, outside);
        for (TaggedText.Span s : seg.spans()) {
            append(text.substring(s.start(), s.end()), s.role(), (float) weights.applyAsDouble(s.role()) * scale);
        }
        toolCalls += seg.toolCalls();
        if (seg.finalAnswer() != null) {
            finalAnswer = seg.finalAnswer();
        }
        cutInsideTag = seg.cutInsideTag();
        return seg;
    }

    /**
     * Appends a chat rendered with its model's template, tokenised as one text (so the ids are the
     * ones the model's tokenizer gives the whole render). Each token takes the role and weight of the
     * span its first character is in; model-written spans are first cut by their tags
     * ({@code <think>} → REASONING, {@code <tool_call>} → TOOL_CALL), weighted by {@link #MODEL_TOKENS_ONLY}
     * times the message's weight.
     */
    public TokenSequenceBuilder appendChat(RenderedChat chat) {
        String text = chat.text();
        List<RenderedChat.Span> spans = new ArrayList<>();
        for (RenderedChat.Span s : chat.spans()) {
            if (s.message() < 0 || !s.role().isModelWritten()) {
                spans.add(s);
                continue;
            }
            TaggedText.Segmentation seg = TaggedText.segment(s.text(text), s.role());
            for (TaggedText.Span t : seg.spans()) {
                float w = (float) MODEL_TOKENS_ONLY.applyAsDouble(t.role()) * s.weight();
                spans.add(new RenderedChat.Span(s.start() + t.start(), s.start() + t.end(), t.role(), w, s.message()));
            }
            toolCalls += seg.toolCalls();
            if (seg.finalAnswer() != null) {
                finalAnswer = seg.finalAnswer();
            }
        }
        RenderedChat refined = new RenderedChat(text, spans, chat.unlocated());
        int[] offset = {0};
        pieces.split(text, (id, piece) -> {
            RenderedChat.Span span = refined.spanAt(Math.min(offset[0], Math.max(0, text.length() - 1)));
            appendToken(id, piece, span.role(), span.weight(), Float.NaN);
            offset[0] += piece.length();
        });
        return this;
    }

    /** Appends one token whose id and text are both known (e.g. from a logprob list). */
    public TokenSequenceBuilder appendToken(int id, String text, Role role, float weight, float logprob) {
        return appendToken(id, text, role, weight, logprob, TopLogprobs.NONE);
    }

    /** Appends one token with the sampler's most likely alternatives at its position. */
    public TokenSequenceBuilder appendToken(int id, String text, Role role, float weight, float logprob,
                                            TopLogprobs alternatives) {
        enter(role);
        tokens.add(id, text, role, turn, weight, logprob, Float.NaN, Float.NaN, advantage, Float.NaN, false);
        if (!alternatives.isEmpty()) {
            tokens.topLogprobs(alternatives);
        }
        return this;
    }

    /** Counts a tool call made outside tagged text (e.g. a chat message's {@code tool_calls}). */
    public void countToolCall() {
        toolCalls++;
    }

    private void enter(Role role) {
        if (role.isModelWritten()) {
            if (sawModel && !lastRole.isModelWritten()) {
                turn++;
            }
            sawModel = true;
        }
        lastRole = role;
    }

    public int size() {
        return tokens.size();
    }

    /** Tool calls found so far (tagged spans and counted calls). */
    public int toolCalls() {
        return toolCalls;
    }

    /** Text of the last {@code <answer>} seen, or null. */
    public String finalAnswer() {
        return finalAnswer;
    }

    /** True when the last tagged text ended inside an unclosed tag. */
    public boolean cutInsideTag() {
        return cutInsideTag;
    }

    public TokenArrays build() {
        return tokens.build();
    }
}
