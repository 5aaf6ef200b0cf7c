package dev.rwb.engine.rl.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.FinishReason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Multi-turn rollouts of many episodes in one batched KV-cache session (DESIGN §2): the model
 * writes until it closes a tool call or its answer; a closed tool call runs the tool and its
 * observation is appended (role TOOL_RESPONSE, never sampled); the episode ends at
 * {@code </answer>} or EOS (STOP), after {@code maxTurns} tool calls (MAX_TURNS) or when the
 * token limit is reached (LENGTH).
 *
 * <p>This is the trainer's own engine; the environments area may provide a richer one later.
 */
public final class RolloutEngine {
    private final Task task;
    private final Policy policy;
    private final Limits limits;

    /**
     * @param maxTurns most model turns (each but the last may end in a tool call)
     * @param maxNewTokensPerTurn most tokens the model writes in one turn
     * @param maxTotalTokens most tokens of a whole episode (prompt included), at most the context length
     */
    public record Limits(int maxTurns, int maxNewTokensPerTurn, int maxTotalTokens) {
    }

    public RolloutEngine(Task task, Policy policy, Limits limits) {
        this.task = task;
        this.policy = policy;
        this.limits = new Limits(limits.maxTurns(), limits.maxNewTokensPerTurn(),
                Math.min(limits.maxTotalTokens(), policy.contextLength()));
    }

    /** The prompt's token ids: BOS then the encoded prompt text. */
    public static int[] promptIds(Tokenizer tokenizer, TaskInstance instance) {
        int[] body = tokenizer.encode(instance.prompt());
        int[] ids = new int[body.length + 1];
        ids[0] = tokenizer.bosId();
        System.arraycopy(body, 0, ids, 1, body.length);
        return ids;
    }

    /** Runs one episode per entry of {@code instances} (repeat an instance for a group), all in one session. */
    public List<Episode> run(List<TaskInstance> instances, SamplingParams sampling) {
        Tokenizer tok = policy.tokenizer();
        List<EpisodeBuilder> eps = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (TaskInstance inst : instances) {
            int[] prompt = promptIds(tok, inst);
            if (prompt.length >= limits.maxTotalTokens()) {
                throw new IllegalArgumentException("prompt of " + inst.id() + " has " + prompt.length
                        + " tokens, no room under the limit of " + limits.maxTotalTokens());
            }
            prompts.add(prompt);
            eps.add(new EpisodeBuilder(inst, task.toolsFor(inst), tok, prompt));
        }
        Set<Integer> stops = stopTokens(tok, eps);
        try (GenerationSession session = policy.start(prompts, sampling)) {
            boolean[] active = new boolean[eps.size()];
            while (true) {
                int budget = 0;
                boolean any = false;
                for (int b = 0; b < eps.size(); b++) {
                    EpisodeBuilder e = eps.get(b);
                    active[b] = !e.done;
                    if (!e.done) {
                        any = true;
                        budget = Math.max(budget, Math.min(limits.maxNewTokensPerTurn(), limits.maxTotalTokens() - e.length()));
                    }
                }
                if (!any) {
                    break;
                }
                List<Generation> gens = session.generate(active, budget, stops);
                for (int b = 0; b < eps.size(); b++) {
                    if (active[b]) {
                        afterTurn(eps.get(b), gens.get(b), session, b, tok);
                    }
                }
            }
        }
        List<Episode> out = new ArrayList<>(eps.size());
        for (EpisodeBuilder e : eps) {
            out.add(e.build());
        }
        return out;
    }

    private void afterTurn(EpisodeBuilder e, Generation g, GenerationSession session, int b, Tokenizer tok) {
        int room = Math.min(limits.maxNewTokensPerTurn(), limits.maxTotalTokens() - e.length());
        int[] ids = g.tokenIds();
        // one generate call serves every active episode with the largest budget: keep this one's share
        int kept = Math.min(ids.length, room);
        for (int i = 0; i < kept; i++) {
            e.addSampled(ids[i], g.logprobs()[i], g.entropies()[i]);
        }
        int last = kept == 0 ? -1 : ids[kept - 1];
        boolean stopped = kept == ids.length && g.stoppedOnStopToken();
        if (!stopped) {
            e.finish(FinishReason.LENGTH);
            return;
        }
        if (last == tok.eosId() || tok.decodeToken(last).equals("</answer>")) {
            e.finish(FinishReason.STOP);
            return;
        }
        Tool tool = ToolCalls.endingTool(e.turnText(), e.tools);
        e.toolCalls++;
        if (e.turn >= limits.maxTurns()) {
            e.finish(FinishReason.MAX_TURNS);
            return;
        }
        String arg = ToolCalls.argument(e.turnText(), tool);
        Observation obs = arg == null ? tool.errorObservation("closing tag without an opening tag") : tool.call(arg);
        int[] obsIds = tok.encode(obs.text());
        if (e.length() + obsIds.length >= limits.maxTotalTokens()) {
            e.finish(FinishReason.LENGTH);
            return;
        }
        e.addObservation(obsIds);
        session.append(b, obsIds);
    }

    private static Set<Integer> stopTokens(Tokenizer tok, List<EpisodeBuilder> eps) {
        Set<Integer> stops = new HashSet<>();
        stops.add(tok.eosId());
        stops.add(tok.specialId("</answer>"));
        for (EpisodeBuilder e : eps) {
            for (Tool t : e.tools) {
                stops.add(tok.specialId(t.closeTag()));
            }
        }
        return stops;
    }
}
