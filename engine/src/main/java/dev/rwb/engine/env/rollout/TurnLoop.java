package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.trajectory.FinishReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The batch loop both rollout engines share: each step generates one stretch for every active
 * episode of a {@link GenerationSession} (up to the smallest room left among them, or a stop token),
 * lets the engine record the tokens and read the tag they stopped on, runs the tool calls of the step
 * concurrently ({@link ToolRunner}) and hands each answer back to the engine to append. An episode
 * out of room ends with {@link FinishReason#LENGTH}; a tool that fails or times out ends its episode
 * with {@link FinishReason#TOOL_ERROR}, never the batch.
 *
 * @param <E> the engine's episode type
 */
abstract class TurnLoop<E extends EpisodeProgress> {
    private static final String ANSWER_CLOSE = "</answer>";

    final GenerationSession session;
    private final List<E> episodes;
    private final Set<Integer> stopIds;
    private final ToolRunner toolRunner;
    private final CallParser callParser;
    private final int maxTurns;

    TurnLoop(GenerationSession session, List<E> episodes, Set<Integer> stopIds, ToolRunner toolRunner,
             CallParser callParser, int maxTurns) {
        this.session = session;
        this.episodes = episodes;
        this.stopIds = stopIds;
        this.toolRunner = toolRunner;
        this.callParser = callParser;
        this.maxTurns = maxTurns;
    }

    /** Tokens episode {@code b} may still add (its response budget and the context, whichever is less). */
    abstract int tokensLeft(int b, E e);

    /** Tokens the episode may add before it pauses in this call; {@link Integer#MAX_VALUE} for no budget. */
    int callBudgetLeft(E e) {
        return Integer.MAX_VALUE;
    }

    /** Records the stretch episode {@code e} generated. */
    abstract void record(E e, Generation g);

    /**
     * The closing tag the newest token completed ({@code </answer>} or a tool's), "" when the episode
     * stopped for good (EOS), or null when the stop token closed nothing and generation goes on.
     */
    abstract String stopTag(E e, int lastId);

    /** Appends a tool's answer to episode {@code b}. */
    abstract void observe(int b, E e, Observation observation);

    /** Steps until every episode is over. */
    final void run() {
        while (step()) {
            // each step generates one stretch per active episode and runs the calls it ended on
        }
    }

    /** One generate call for all active episodes; returns false when every episode is over. */
    private boolean step() {
        int n = episodes.size();
        boolean[] active = new boolean[n];
        int budget = Integer.MAX_VALUE;
        for (int b = 0; b < n; b++) {
            E e = episodes.get(b);
            if (e.isDone()) {
                continue;
            }
            int left = tokensLeft(b, e);
            if (left <= 0) {
                e.finish(FinishReason.LENGTH);
                continue;
            }
            int callLeft = callBudgetLeft(e);
            if (callLeft <= 0) {
                // paused, not over: a later call continues it
                continue;
            }
            active[b] = true;
            // one budget for the whole batch: the smallest left; the others simply continue next step
            budget = Math.min(budget, Math.min(left, callLeft));
        }
        if (budget == Integer.MAX_VALUE) {
            return false;
        }
        List<Generation> gens = session.generate(active, budget, stopIds);
        List<Integer> calling = new ArrayList<>();
        List<ToolRunner.Call> calls = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            if (!active[b]) {
                continue;
            }
            E e = episodes.get(b);
            Generation g = gens.get(b);
            int[] ids = g.tokenIds();
            record(e, g);
            if (!g.stoppedOnStopToken() || ids.length == 0) {
                if (ids.length == 0 || tokensLeft(b, e) <= 0) {
                    e.finish(FinishReason.LENGTH);
                }
                continue;
            }
            ToolRunner.Call call = onStop(e, stopTag(e, ids[ids.length - 1]));
            if (call != null) {
                calling.add(b);
                calls.add(call);
            }
        }
        List<ToolRunner.Outcome> outcomes = toolRunner.runAll(calls);
        for (int i = 0; i < calling.size(); i++) {
            int b = calling.get(i);
            ToolRunner.Outcome o = outcomes.get(i);
            if (o.failure() != null) {
                episodes.get(b).finish(FinishReason.TOOL_ERROR, o.failure());
            } else {
                observe(b, episodes.get(b), o.observation());
            }
        }
        return true;
    }

    /**
     * Handles the tag an episode stopped on: the answer or EOS ends it, a call past the turn limit
     * ends it with MAX_TURNS, else returns the tool call to run. A malformed call gets the tool's error
     * message as its answer, never an exception.
     */
    private ToolRunner.Call onStop(E e, String tag) {
        if (tag == null) {
            // a stop token that closes no tag (an arrow, an <information> the model wrote itself): write on
            return null;
        }
        if (tag.isEmpty() || tag.equals(ANSWER_CLOSE)) {
            e.finish(FinishReason.STOP);
            return null;
        }
        if (e.toolCalls() >= maxTurns) {
            e.finish(FinishReason.MAX_TURNS);
            return null;
        }
        e.countToolCall();
        Tool tool = e.toolClosedBy(tag);
        CallParser.Parsed parsed = callParser.parse(e.turnText(), tool.name());
        if (!parsed.ok()) {
            return new ToolRunner.Call(new FixedObservation(tool.errorObservation(parsed.error())), "");
        }
        return new ToolRunner.Call(tool, parsed.argument());
    }

    /** A stand-in tool that returns a precomputed error observation for a malformed call. */
    record FixedObservation(Observation observation) implements Tool {
        @Override
        public String name() {
            return "malformed";
        }

        @Override
        public Observation call(String argument) {
            return observation;
        }

        @Override
        public Observation errorObservation(String message) {
            return observation;
        }
    }
}
