package dev.rwb.engine.trajectory;

import java.util.Locale;

/**
 * Who wrote a token. Role is its own visual channel in the inspector and the key of a mask policy.
 */
public enum Role {
    /** System prompt (and, in sources that do not tell scaffold from content, the chat template's scaffolding). */
    SYSTEM(false),
    /** The task prompt (the user's question). */
    PROMPT(false),
    /** Model-written reasoning, e.g. inside {@code <think>…</think>}. */
    REASONING(true),
    /** Model-written tool call, e.g. {@code <search>query</search>} or {@code <calc>2+3</calc>}. */
    TOOL_CALL(true),
    /** Written by the environment/tool, e.g. {@code <information>…</information>}; never sampled from the policy. */
    TOOL_RESPONSE(false),
    /** Model-written final answer, e.g. {@code <answer>…</answer>}. */
    ANSWER(true),
    /** Model-written tokens outside any recognised tag. */
    OTHER_MODEL(true),
    /** Padding. */
    PAD(false),
    /**
     * Chat-template scaffold: role headers such as {@code <|im_start|>assistant\n}, end-of-turn
     * markers, separators and tool-response wrappers, where a source says which tokens are message
     * content and which are template (verifiers {@code is_content}). Last, so the stored role bytes
     * of older databases keep their meaning. Not sampled: a scaffold token the model did sample (a
     * stop token) takes the model's role instead.
     */
    TEMPLATE(false);

    private final boolean modelWritten;

    Role(boolean modelWritten) {
        this.modelWritten = modelWritten;
    }

    /** True for tokens sampled from the policy (the only ones a policy gradient is well defined for). */
    public boolean isModelWritten() {
        return modelWritten;
    }

    /** Parses a role name case-insensitively ("tool_response", "TOOL_RESPONSE"). */
    public static Role parse(String name) {
        try {
            return Role.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "' (expected one of "
                    + java.util.Arrays.toString(values()) + ")");
        }
    }
}
