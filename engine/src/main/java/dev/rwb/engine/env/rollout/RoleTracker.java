package dev.rwb.engine.env.rollout;

import dev.rwb.engine.trajectory.Role;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assigns a role to each model-written token from the protocol tags seen so far: inside
 * {@code <think>} → REASONING, inside {@code <search>}/{@code <calc>} → TOOL_CALL, inside
 * {@code <answer>} → ANSWER, elsewhere OTHER_MODEL. A tag token takes the role of the block it
 * opens or closes, so tags are coloured with their content. A model that writes an
 * {@code <information>} or {@code <result>} tag itself gets OTHER_MODEL: only the environment
 * writes TOOL_RESPONSE.
 */
final class RoleTracker {
    private static final Pattern TAG = Pattern.compile("<(/?)(think|search|calc|answer|information|result)>");

    private Role inside;

    /** The role of the next model token, updating the open-block state. */
    Role next(String tokenText) {
        Matcher m = TAG.matcher(tokenText);
        if (!m.find()) {
            return inside == null ? Role.OTHER_MODEL : inside;
        }
        Role first = null;
        do {
            Role tagRole = roleOfTag(m.group(2));
            if (first == null) {
                first = tagRole;
            }
            inside = m.group(1).isEmpty() && tagRole != Role.OTHER_MODEL ? tagRole : null;
        } while (m.find());
        return first;
    }

    /** Called after an observation: the call block is over, the model starts outside any tag. */
    void reset() {
        inside = null;
    }

    private static Role roleOfTag(String name) {
        return switch (name) {
            case "think" -> Role.REASONING;
            case "search", "calc" -> Role.TOOL_CALL;
            case "answer" -> Role.ANSWER;
            default -> Role.OTHER_MODEL;
        };
    }
}
