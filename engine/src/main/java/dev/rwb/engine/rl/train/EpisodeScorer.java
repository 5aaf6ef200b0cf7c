package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.Verdict;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.ScoredResponse;
import dev.rwb.engine.rl.rollout.Episode;

import java.util.ArrayList;
import java.util.List;

/** Verifies and rewards the episodes of one group (the length penalty compares within the group). */
final class EpisodeScorer {
    private final Task task;
    private final CompositeReward reward;

    EpisodeScorer(Task task, CompositeReward reward) {
        this.task = task;
        this.reward = reward;
    }

    record Scored(Episode episode, Verdict verdict, ScoredResponse reward) {
    }

    List<Scored> scoreGroup(List<Episode> group) {
        List<Verdict> verdicts = new ArrayList<>();
        List<CompositeReward.Response> responses = new ArrayList<>();
        for (Episode e : group) {
            Verdict v = task.verify(e.instance(), e.finalAnswer());
            verdicts.add(v);
            responses.add(new CompositeReward.Response(v, e.responseText(), e.responseLength()));
        }
        List<ScoredResponse> r = reward.scoreGroup(responses);
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            out.add(new Scored(group.get(i), verdicts.get(i), r.get(i)));
        }
        return out;
    }
}
