package dev.rwb.engine.trajectory;

import java.util.List;
import java.util.Map;

/** Small hand-made trajectories for tests: a prompt, a search turn with a tool response, an answer. */
public final class TestTrajectories {
    private TestTrajectories() {
    }

    public static Trajectory searchEpisode(String run, int step, String group, int sample, double reward,
                                           boolean correct, String answer) {
        TokenArrays.Builder b = TokenArrays.builder();
        String[][] parts = {
                {"Who", "PROMPT"}, {" founded", "PROMPT"}, {" Acme", "PROMPT"}, {"?\n", "PROMPT"},
                {"<think>", "REASONING"}, {" search", "REASONING"}, {"</think>", "REASONING"},
                {"<search>", "TOOL_CALL"}, {" Acme", "TOOL_CALL"}, {"</search>", "TOOL_CALL"},
                {"<information>", "TOOL_RESPONSE"}, {" Ada", "TOOL_RESPONSE"}, {" founded", "TOOL_RESPONSE"},
                {"</information>", "TOOL_RESPONSE"},
                {"<answer>", "ANSWER"}, {" " + answer, "ANSWER"}, {"</answer>", "ANSWER"}};
        int turn = 0;
        for (int i = 0; i < parts.length; i++) {
            Role role = Role.valueOf(parts[i][1]);
            if (role == Role.ANSWER && turn == 0) {
                turn = 1;
            }
            if (role.isModelWritten()) {
                float lp = -0.1f * (i % 5) - 0.05f;
                float adv = (float) (reward - 0.5);
                b.add(100 + i, parts[i][0], role, turn, 1f, lp, lp - 0.01f, 0.2f + 0.1f * (i % 3), adv,
                        adv / 10f, i == 5);
            } else {
                b.add(100 + i, parts[i][0], role, turn);
            }
        }
        return new Trajectory(0, run, step, "p-" + group, group, sample, "kb-search", "Ada", answer, reward,
                Map.of("correctness", correct ? 1.0 : 0.0, "format", 0.1), correct, FinishReason.STOP, 1, false,
                List.of(new PolicySegment(0, step)), b.build());
    }
}
