package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.ScoredResponse;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges and rewards finished groups of episodes, for both rollout engines. Model text can never
 * end a run here: an exception from the verifier or the reward function, like a failed tool call,
 * gives the episode reward 0 and is recorded on its trajectory ({@code tool_error} / {@code verifier_error}).
 */
final class GroupScoring {
    /**
     * One finished episode as scoring sees it.
     *
     * @param modelText everything the model wrote (the answer is extracted from it)
     * @param responseText the response the format reward reads (model and tool text after the prompt)
     * @param failure why a TOOL_ERROR ended it, or null
     */
    record Finished(TaskInstance instance, int sampleIndex, String modelText, String responseText, int responseLength,
                    String failure, FinishReason finishReason, int toolCalls, List<PolicySegment> segments,
                    TokenArrays tokens) {
    }

    private GroupScoring() {
    }

    static List<Trajectory> score(Task task, CompositeReward reward, List<List<Finished>> groups, RolloutContext ctx) {
        List<Trajectory> out = new ArrayList<>();
        for (List<Finished> group : groups) {
            TaskInstance instance = group.get(0).instance();
            List<CompositeReward.Response> responses = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            List<Verdict> verdicts = new ArrayList<>();
            String[] verifierErrors = new String[group.size()];
            for (int i = 0; i < group.size(); i++) {
                Finished e = group.get(i);
                String answer = AnswerExtractor.extract(e.modelText());
                Verdict v;
                try {
                    v = task.verify(instance, answer);
                } catch (RuntimeException | StackOverflowError ex) {
                    verifierErrors[i] = "verifier failed: " + ex;
                    v = Verdict.MISSING;
                }
                answers.add(answer);
                verdicts.add(v);
                responses.add(new CompositeReward.Response(v, e.responseText(), e.responseLength()));
            }
            List<ScoredResponse> scored;
            try {
                scored = reward.scoreGroup(responses);
            } catch (RuntimeException | StackOverflowError ex) {
                scored = null;
                for (int i = 0; i < group.size(); i++) {
                    verifierErrors[i] = verifierErrors[i] != null ? verifierErrors[i] : "reward failed: " + ex;
                }
            }
            for (int i = 0; i < group.size(); i++) {
                Finished e = group.get(i);
                boolean failed = e.failure() != null || verifierErrors[i] != null;
                // a failed episode scores 0: reward 0, correctness 0, nothing else
                ScoredResponse s = failed ? new ScoredResponse(0, Map.of(CompositeReward.CORRECTNESS, 0.0)) : scored.get(i);
                out.add(new Trajectory(0, ctx.run(), ctx.step(), instance.id(), instance.id() + "@" + ctx.step(),
                        e.sampleIndex(), task.name(), instance.groundTruth(), answers.get(i), s.total(), s.components(),
                        !failed && verdicts.get(i).correct(), e.finishReason(), e.toolCalls(), false,
                        e.segments(), e.tokens(), e.failure(), verifierErrors[i]));
            }
        }
        return out;
    }
}
