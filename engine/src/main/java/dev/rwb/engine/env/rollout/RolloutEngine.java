package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs many multi-turn tool-use episodes at once in one {@link GenerationSession}: generate until
 * a stop tag ({@code </search>}, {@code </calc>}, {@code </answer>}) or EOS, run the called tool
 * under a time limit, append its observation, resume. Finished episodes sit idle while the others
 * continue. Each episode becomes a {@link Trajectory} with per-token roles and turns, the
 * policy's logprobs and entropies on model tokens, and the composite reward scored per group.
 */
public final class RolloutEngine implements EpisodeRunner {
    private static final String ANSWER_CLOSE = "</answer>";

    private final Policy policy;
    private final RolloutConfig config;
    private final CompositeReward reward;
    private final CallParser callParser;
    private final ToolRunner toolRunner;

    public RolloutEngine(Policy policy, RolloutConfig config, CompositeReward reward) {
        this.policy = policy;
        this.config = config;
        this.reward = reward;
        this.callParser = new CallParser(config.maxCallChars());
        this.toolRunner = new ToolRunner(config.toolTimeout());
    }

    /**
     * Rolls out {@code groupSize} episodes per instance. Trajectories come back grouped: the
     * {@code groupSize} samples of instance 0 first, then those of instance 1, and so on.
     */
    @Override
    public List<Trajectory> rollout(Task task, List<TaskInstance> instances, int groupSize, SamplingParams params,
                                    RolloutContext context) {
        return rollout(task, instances, groupSize, params, context, List.of(), 0).finished();
    }

    /**
     * Partial rollouts (Kimi k1.5): continues the {@code carried} groups left unfinished by earlier calls,
     * then starts {@code groupSize} new episodes per instance, and stops each episode once it has added
     * {@code tokenBudget} response tokens (model and tool) in this call (0 = no budget). Continued
     * episodes resume from their last token with the current policy, which opens a new
     * {@link PolicySegment} (version {@link RolloutContext#policyVersion()}). A group comes back scored
     * only when all its episodes are over; the others come back as {@link PendingGroup}s for the next
     * call. Finished groups keep the order: carried groups first, then the new instances.
     */
    @Override
    public PartialRollout rollout(Task task, List<TaskInstance> instances, int groupSize, SamplingParams params,
                                  RolloutContext context, List<PendingGroup> carried, int tokenBudget) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("token budget must be 0 (none) or positive, got " + tokenBudget);
        }
        Tokenizer tok = policy.tokenizer();
        List<List<Episode>> groups = new ArrayList<>();
        for (PendingGroup g : carried) {
            groups.add(g.episodes);
        }
        for (TaskInstance instance : instances) {
            int[] prompt = promptIds(tok, instance.prompt());
            List<Episode> group = new ArrayList<>();
            for (int g = 0; g < groupSize; g++) {
                group.add(new Episode(instance, g, task.toolsFor(instance), prompt, tok));
            }
            groups.add(group);
        }
        List<Episode> episodes = new ArrayList<>();
        List<int[]> prefixes = new ArrayList<>();
        for (List<Episode> group : groups) {
            for (Episode e : group) {
                episodes.add(e);
                if (e.isDone()) {
                    // an ended episode of a carried group never generates again: keep its row, skip its prefill
                    prefixes.add(new int[] {tok.bosId()});
                } else {
                    prefixes.add(e.tokenIds());
                    e.beginCall(context.policyVersion());
                }
            }
        }
        Map<Integer, String> stopTags = stopTags(tok, episodes);
        try (GenerationSession session = policy.start(prefixes, params)) {
            new Turns(session, episodes, stopTags, tok, tokenBudget).run();
        }
        List<List<Episode>> finished = new ArrayList<>();
        List<PendingGroup> pending = new ArrayList<>();
        for (List<Episode> group : groups) {
            if (group.stream().allMatch(Episode::isDone)) {
                finished.add(group);
            } else {
                pending.add(new PendingGroup(group));
            }
        }
        return new PartialRollout(score(task, finished, context), pending);
    }

    /** What a partial rollout call returns: the scored finished groups and the groups to continue later. */
    public record PartialRollout(List<Trajectory> finished, List<PendingGroup> pending) {
    }

    /** A group with at least one episode stopped by the token budget; pass it back to continue it. */
    public static final class PendingGroup {
        private final List<Episode> episodes;

        private PendingGroup(List<Episode> episodes) {
            this.episodes = List.copyOf(episodes);
        }

        /** Response tokens written so far, per episode. */
        public int[] responseLengths() {
            return episodes.stream().mapToInt(Episode::responseLength).toArray();
        }
    }

    private static int[] promptIds(Tokenizer tok, String prompt) {
        int[] body = tok.encode(prompt);
        int[] ids = new int[body.length + 1];
        ids[0] = tok.bosId();
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }

    /** Token id → stop tag text, for {@code </answer>}, every offered tool's closing tag and EOS. */
    private static Map<Integer, String> stopTags(Tokenizer tok, List<Episode> episodes) {
        Map<Integer, String> stops = new HashMap<>();
        stops.put(tok.specialId(ANSWER_CLOSE), ANSWER_CLOSE);
        stops.put(tok.eosId(), "");
        for (Episode e : episodes) {
            for (Tool t : e.tools) {
                stops.put(tok.specialId(t.closeTag()), t.closeTag());
            }
        }
        return stops;
    }

    /** The batch loop on the task vocabulary: every stop tag is one token, and an observation is encoded as is. */
    private final class Turns extends TurnLoop<Episode> {
        private final Map<Integer, String> stopTags;
        private final Tokenizer tok;
        private final int tokenBudget;

        Turns(GenerationSession session, List<Episode> episodes, Map<Integer, String> stopTags, Tokenizer tok,
              int tokenBudget) {
            super(session, episodes, stopTags.keySet(), toolRunner, callParser, config.maxTurns());
            this.stopTags = stopTags;
            this.tok = tok;
            this.tokenBudget = tokenBudget;
        }

        @Override
        int tokensLeft(int b, Episode e) {
            return Math.min(config.maxResponseTokens() - e.responseLength(), policy.contextLength() - session.length(b));
        }

        @Override
        int callBudgetLeft(Episode e) {
            return tokenBudget > 0 ? tokenBudget - e.tokensThisCall() : Integer.MAX_VALUE;
        }

        @Override
        void record(Episode e, Generation g) {
            int[] ids = g.tokenIds();
            for (int i = 0; i < ids.length; i++) {
                e.addModelToken(ids[i], tok.decodeToken(ids[i]), at(g.logprobs(), i), at(g.entropies(), i));
            }
        }

        @Override
        String stopTag(Episode e, int lastId) {
            return stopTags.getOrDefault(lastId, "");
        }

        @Override
        void observe(int b, Episode e, Observation obs) {
            int[] ids = tok.encode(obs.text());
            if (ids.length > tokensLeft(b, e)) {
                e.finish(FinishReason.LENGTH);
                return;
            }
            session.append(b, ids);
            e.addObservation(ids, tok);
        }
    }

    private static float at(float[] values, int i) {
        return values != null && i < values.length ? values[i] : Float.NaN;
    }

    /** Judges and rewards each group ({@link GroupScoring}). */
    private List<Trajectory> score(Task task, List<List<Episode>> groups, RolloutContext ctx) {
        List<List<GroupScoring.Finished>> finished = new ArrayList<>();
        for (List<Episode> group : groups) {
            List<GroupScoring.Finished> g = new ArrayList<>();
            for (Episode e : group) {
                var arrays = e.tokens.build();
                String response = String.join("", java.util.Arrays.copyOfRange(arrays.tokenText(),
                        e.promptLength, arrays.length()));
                g.add(new GroupScoring.Finished(e.instance, e.sampleIndex, e.modelText(), response, e.responseLength(),
                        e.failure(), e.finishReason(), e.toolCalls(), e.segments(), arrays));
            }
            finished.add(g);
        }
        return GroupScoring.score(task, reward, finished, ctx);
    }
}
