package dev.rwb.engine.rl.rollout;

import dev.rwb.engine.trajectory.Role;

/**
 * Assigns roles to model-written tokens from the protocol tags it has seen so far: inside
 * {@code <think>} REASONING, inside a tool tag TOOL_CALL, inside {@code <answer>} ANSWER, elsewhere
 * OTHER_MODEL. A tag token takes the role of the span it opens or closes.
 */
public final class RoleTracker {
    private Role open = Role.OTHER_MODEL;

    /** The role of the next model-written token, given its text. */
    public Role next(String tokenText) {
        Role tagRole = roleOfTag(tokenText);
        if (tagRole == null) {
            return open;
        }
        boolean closing = tokenText.startsWith("</");
        open = closing ? Role.OTHER_MODEL : tagRole;
        return tagRole;
    }

    private static Role roleOfTag(String text) {
        return switch (text) {
            case "<think>", "</think>" -> Role.REASONING;
            case "<search>", "</search>", "<calc>", "</calc>" -> Role.TOOL_CALL;
            case "<answer>", "</answer>" -> Role.ANSWER;
            default -> null;
        };
    }
}
