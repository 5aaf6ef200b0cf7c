package dev.rwb.app.runs;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * A short hand-written Search-R1 style episode (prompt, reasoning, search call, tool response,
 * answer) with made-up entropies, so the mask editor can preview a policy before any run exists.
 */
public final class PreviewTrajectory {
    private PreviewTrajectory() {
    }

    /** The sample's tokens; entropies are illustrative (higher around the decision to search). */
    public static TokenArrays sample() {
        TokenArrays.Builder b = TokenArrays.builder();
        add(b, Role.SYSTEM, 0, 0.0f, "<sys>", " Answer", " with", " tools", ".", "\n");
        add(b, Role.PROMPT, 0, 0.0f, "Where", " was", " Ada", " Brook", " born", "?", "\n");
        add(b, Role.REASONING, 0, 0.6f, "<think>", " I", " do", " not", " know", " Ada", ";", " search", ".", "</think>");
        add(b, Role.TOOL_CALL, 0, 1.4f, "<search>", " Ada", " Brook", " birthplace", "</search>");
        add(b, Role.TOOL_RESPONSE, 1, 0.0f, "<information>", " Ada", " Brook", " was", " born", " in", " Tarn",
                ".", "</information>");
        add(b, Role.REASONING, 1, 0.3f, "<think>", " It", " says", " Tarn", ".", "</think>");
        add(b, Role.ANSWER, 1, 0.1f, "<answer>", " Tarn", "</answer>");
        return b.build();
    }

    private static void add(TokenArrays.Builder b, Role role, int turn, float entropy, String... texts) {
        for (int i = 0; i < texts.length; i++) {
            if (role.isModelWritten()) {
                // A gentle wave so the entropy filter has distinct values to rank.
                float h = entropy + 0.05f * ((b.size() * 7) % 5);
                b.add(b.size(), texts[i], role, turn, 1f, -h, -h, h, 1f, 0f, false);
            } else {
                b.add(b.size(), texts[i], role, turn);
            }
        }
    }
}
