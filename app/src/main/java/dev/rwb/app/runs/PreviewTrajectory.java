package dev.rwb.app.runs;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * A short hand-written episode of each task (prompt, reasoning, tool call, tool response, answer)
 * with made-up entropies, so the mask editor can preview a policy on the task the run trains before
 * any run exists: kb-search with {@code <search>}/{@code <information>} (Search-R1), arithmetic and
 * countdown with {@code <calc>}/{@code <result>}.
 */
public final class PreviewTrajectory {
    private PreviewTrajectory() {
    }

    /** The kb-search sample (the default task). */
    public static TokenArrays sample() {
        return forTask("kb-search");
    }

    /** The sample of a task; an unknown task name gets the kb-search sample. */
    public static TokenArrays forTask(String task) {
        TokenArrays.Builder b = TokenArrays.builder();
        switch (task == null ? "" : task) {
            case "arithmetic" -> {
                add(b, Role.SYSTEM, 0, 0.0f, "<sys>", " Answer", " with", " tools", ".", "\n");
                add(b, Role.PROMPT, 0, 0.0f, "Compute", " 487", " *", " 36", ".", "\n");
                add(b, Role.REASONING, 0, 0.5f, "<think>", " Too", " big", " to", " do", " by", " heart", ".", "</think>");
                add(b, Role.TOOL_CALL, 0, 1.3f, "<calc>", "487", "*", "36", "</calc>");
                add(b, Role.TOOL_RESPONSE, 1, 0.0f, "<result>", "17532", "</result>");
                add(b, Role.ANSWER, 1, 0.1f, "<answer>", "17532", "</answer>");
            }
            case "countdown" -> {
                add(b, Role.SYSTEM, 0, 0.0f, "<sys>", " Answer", " with", " tools", ".", "\n");
                add(b, Role.PROMPT, 0, 0.0f, "Using", " [3,", " 7,", " 25]", " make", " 46", ".", "\n");
                add(b, Role.REASONING, 0, 0.7f, "<think>", " Try", " 25", "+", "3", "*", "7", ".", "</think>");
                add(b, Role.TOOL_CALL, 0, 1.2f, "<calc>", "25", "+", "3", "*", "7", "</calc>");
                add(b, Role.TOOL_RESPONSE, 1, 0.0f, "<result>", "46", "</result>");
                add(b, Role.ANSWER, 1, 0.2f, "<answer>", "25+3*7", "</answer>");
            }
            default -> {
                add(b, Role.SYSTEM, 0, 0.0f, "<sys>", " Answer", " with", " tools", ".", "\n");
                add(b, Role.PROMPT, 0, 0.0f, "Where", " was", " Ada", " Brook", " born", "?", "\n");
                add(b, Role.REASONING, 0, 0.6f, "<think>", " I", " do", " not", " know", " Ada", ";", " search", ".", "</think>");
                add(b, Role.TOOL_CALL, 0, 1.4f, "<search>", " Ada", " Brook", " birthplace", "</search>");
                add(b, Role.TOOL_RESPONSE, 1, 0.0f, "<information>", " Ada", " Brook", " was", " born", " in", " Tarn",
                        ".", "</information>");
                add(b, Role.REASONING, 1, 0.3f, "<think>", " It", " says", " Tarn", ".", "</think>");
                add(b, Role.ANSWER, 1, 0.1f, "<answer>", " Tarn", "</answer>");
            }
        }
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
