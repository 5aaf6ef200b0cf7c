package dev.rwb.app;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds realistic multi-turn kb-search GRPO groups for tests and benchmarks: prompt, reasoning,
 * a search call, a masked tool response, more reasoning and an answer, with per-token logprobs,
 * entropies, GRPO advantages and contributions c = w·A·ρ/N (clipped tokens get 0).
 */
public final class TestTrajectories {
    private final Random random;
    private int nextTokenId = 100;

    public TestTrajectories(long seed) {
        this.random = new Random(seed);
    }

    /** {@code groups} groups of {@code groupSize} samples each, for one run and step. */
    public List<Trajectory> groups(String run, int step, int groups, int groupSize) {
        List<Trajectory> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[] rewards = new double[groupSize];
            for (int i = 0; i < groupSize; i++) {
                rewards[i] = random.nextDouble() < 0.5 ? 1.0 : 0.0;
            }
            double[] adv = grpo(rewards);
            for (int i = 0; i < groupSize; i++) {
                out.add(sample(run, step, "p" + g, run + "-s" + step + "-g" + g, i, rewards[i], adv[i], 1));
            }
        }
        return out;
    }

    /** One group of samples with the given rewards and advantages (e.g. a zero-variance group's round-off). */
    public List<Trajectory> group(String run, int step, String prompt, double[] rewards, double[] advantages) {
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            out.add(sample(run, step, prompt, run + "-s" + step + "-" + prompt, i, rewards[i], advantages[i], 1));
        }
        return out;
    }

    /** A trajectory of about {@code tokens} tokens made of repeated search turns (for benchmarks). */
    public Trajectory longTrajectory(int tokens) {
        // One search turn is about 60 tokens; build enough turns, then cut to the requested length.
        int turns = Math.max(1, tokens / 50);
        Trajectory t = sample("bench", 0, "long", "long", 0, 1.0, 0.8, turns);
        TokenArrays.Builder b = TokenArrays.builder();
        TokenArrays src = t.tokens();
        for (int i = 0; i < Math.min(tokens, src.length()); i++) {
            b.add(src.tokenIds()[i], src.tokenText()[i], src.roles()[i], src.turns()[i], src.lossWeights()[i],
                    src.logprobs()[i], src.refLogprobs()[i], src.entropies()[i], src.advantages()[i],
                    src.contributions()[i], src.clipped()[i]);
        }
        return t.withTokens(b.build());
    }

    /** GRPO: A_i = (r_i − mean(r)) / (std(r) + 1e-6), std Bessel-corrected. */
    static double[] grpo(double[] r) {
        double mean = 0;
        for (double v : r) {
            mean += v / r.length;
        }
        double var = 0;
        for (double v : r) {
            var += (v - mean) * (v - mean) / Math.max(1, r.length - 1);
        }
        double[] a = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            a[i] = r.length == 1 ? 0 : (r[i] - mean) / (Math.sqrt(var) + 1e-6);
        }
        return a;
    }

    private Trajectory sample(String run, int step, String prompt, String group, int index, double reward,
                              double advantage, int searches) {
        TokenArrays.Builder b = TokenArrays.builder();
        words(b, "<|system|> You answer questions by searching a knowledge base.\n", Role.SYSTEM, 0, 0);
        words(b, "Question: In which city was the founder of Orvale Labs born?\n", Role.PROMPT, 0, 0);
        int turn = 1;
        for (int s = 0; s < searches; s++) {
            words(b, "<think> I need the founder of Orvale Labs first, then the birthplace. </think>\n",
                    Role.REASONING, turn, advantage);
            words(b, "<search> founder of Orvale Labs </search>\n", Role.TOOL_CALL, turn, advantage);
            words(b, "<information> Doc 1: Orvale Labs was founded by Mira Tanaka in 2011. Doc 2: Mira Tanaka "
                    + "was born in Kessford, a port city. Doc 3: Orvale Labs makes sensors.\n"
                    + "Doc 4: Kessford lies on the Vell river and hosts the Tanaka institute.\n</information>\n",
                    Role.TOOL_RESPONSE, turn, advantage);
            turn++;
        }
        String answer = reward > 0 ? "Kessford" : "Orvale";
        words(b, "<think> The documents say she was born in Kessford. </think>\n", Role.REASONING, turn, advantage);
        words(b, "<answer> " + answer + " </answer>", Role.ANSWER, turn, advantage);
        TokenArrays tokens = b.build();
        return new Trajectory(0, run, step, prompt, group, index, "kb-search", "Kessford", answer, reward,
                Map.of("correctness", reward), reward > 0, FinishReason.STOP, searches, false, List.of(), tokens);
    }

    private void words(TokenArrays.Builder b, String text, Role role, int turn, double advantage) {
        String[] parts = text.split("(?<=\\s)|(?=\\s)");
        for (String p : parts) {
            if (p.equals(" ")) {
                continue;
            }
            String token = p.isBlank() ? p : " " + p;
            if (!role.isModelWritten()) {
                b.add(nextTokenId++ % 5000, token, role, turn, 0f, Float.NaN, Float.NaN, Float.NaN,
                        (float) advantage, 0f, false);
                continue;
            }
            float logprob = (float) (-3 * random.nextDouble() * random.nextDouble());
            float ref = logprob + (float) (0.2 * random.nextGaussian());
            float entropy = (float) (2.5 * random.nextDouble());
            boolean clipped = random.nextDouble() < 0.03;
            double ratio = Math.exp(0.1 * random.nextGaussian());
            // c_t = w_t · A_t · ρ_t / N with N = 64; 0 where the clip is active.
            float contribution = clipped ? 0f : (float) (advantage * ratio / 64.0);
            b.add(nextTokenId++ % 5000, token, role, turn, 1f, logprob, ref, entropy, (float) advantage,
                    contribution, clipped);
        }
    }
}
