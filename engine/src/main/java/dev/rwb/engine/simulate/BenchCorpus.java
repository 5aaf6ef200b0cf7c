package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic multi-turn search rollouts for store benchmarks and scale tests: English words drawn
 * Zipf-like, entity names from a long tail of 20,000 generated names, Search-R1 turns
 * ({@code <think>}, {@code <search>}, {@code <information>}, {@code <answer>}), and two planted words
 * so a text search has a known answer: {@link #COMMON_WORD} in every tenth trajectory and
 * {@link #RARE_WORD} in one of every {@link #RARE_EVERY}. Neither can occur by chance: no
 * vocabulary word or name contains their letters in that order. Deterministic for a seed and index.
 */
public final class BenchCorpus {
    /** Planted in trajectories whose index is a multiple of 10 (10 % of rows). */
    public static final String COMMON_WORD = "zeppelin";
    /** Planted in trajectories whose index is 7 modulo {@link #RARE_EVERY}. */
    public static final String RARE_WORD = "quixotry";
    public static final int RARE_EVERY = 10_000;
    /** Runs the trajectories are spread over, and trajectories per step. */
    public static final int RUNS = 4;
    public static final int PER_STEP = 512;
    private static final String[] TASKS = {"kb-search", "arithmetic", "countdown"};
    private static final String[] WORDS = ("the of and to in is was that for on with as by at from his her it "
            + "which be this are or an not had have were their they one all but been who has its also after "
            + "first new two when more other some into over than only time years most later city during such "
            + "made these where many then about between would under known there while both three being before "
            + "since used through well world name because each them she could part him called school became "
            + "company year state united several north river south west east work group family found early "
            + "died born near members including series war system high first second around second house life "
            + "founded built capital country league small large island university music album film station "
            + "should check document documents search result results question answer think maybe perhaps "
            + "therefore so next look again retrieved says mentions lives worked married moved studied").split(" ");
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "be",
            "is", "ber", "ne", "ul", "mar", "ta", "ri", "go", "ella", "son"};
    private static final int NAMES = 20_000;

    private final long seed;
    private final String[] names = new String[NAMES];

    public BenchCorpus(long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5eedL);
        for (int i = 0; i < NAMES; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 0, len = 2 + r.nextInt(2); k < len; k++) {
                w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
            }
            w.setCharAt(0, Character.toUpperCase(w.charAt(0)));
            names[i] = w.toString();
        }
    }

    /** Trajectory number {@code index} with {@code tokens} tokens (at least 40). */
    public Trajectory trajectory(long index, int tokens) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int n = Math.max(40, tokens);
        TokenArrays.Builder b = TokenArrays.builder();
        float advantage = (float) (r.nextDouble() * 2 - 1);
        add(b, r, "You answer questions by searching documents .", Role.SYSTEM, 0, advantage);
        String subject = name(r);
        add(b, r, "Who founded the company of " + subject + " ?", Role.PROMPT, 0, advantage);
        if (index % 10 == 0) {
            add(b, r, "The " + COMMON_WORD + " museum is relevant .", Role.PROMPT, 0, advantage);
        }
        if (index % RARE_EVERY == 7) {
            add(b, r, "Beware of " + RARE_WORD + " .", Role.PROMPT, 0, advantage);
        }
        int turn = 0;
        int toolCalls = 0;
        while (b.size() < n - 12) {
            int budget = n - 12 - b.size();
            b.add(id("<think>"), "<think>", Role.REASONING, turn, 1f, -0.05f, -0.06f, 0.5f, advantage, 0f, false);
            words(b, r, Math.min(budget, 20 + r.nextInt(60)), Role.REASONING, turn, advantage);
            b.add(id("</think>"), "</think>", Role.REASONING, turn, 1f, -0.02f, -0.03f, 0.3f, advantage, 0f, false);
            if (b.size() >= n - 12) {
                break;
            }
            add(b, r, "<search> " + name(r) + " founder </search>", Role.TOOL_CALL, turn, advantage);
            toolCalls++;
            b.add(id("<information>"), "<information>", Role.TOOL_RESPONSE, turn);
            int docs = Math.min(n - 12 - b.size(), 40 + r.nextInt(120));
            for (int i = 0; i < docs; i++) {
                String w = r.nextInt(6) == 0 ? name(r) : word(r);
                b.add(id(w), " " + w, Role.TOOL_RESPONSE, turn);
            }
            b.add(id("</information>"), "</information>", Role.TOOL_RESPONSE, turn);
            turn++;
        }
        String answer = name(r);
        add(b, r, "<answer> " + answer + " </answer>", Role.ANSWER, turn, advantage);
        while (b.size() < n) {
            words(b, r, 1, Role.OTHER_MODEL, turn, advantage);
        }
        boolean correct = r.nextInt(3) == 0;
        double reward = correct ? 1.0 : r.nextInt(4) == 0 ? 0.1 : 0.0;
        FinishReason finish = r.nextInt(10) == 0 ? FinishReason.LENGTH : r.nextInt(20) == 0 ? FinishReason.MAX_TURNS
                : FinishReason.STOP;
        int run = (int) (index % RUNS);
        int step = (int) (index / RUNS / PER_STEP);
        long group = index / RUNS / 8;
        return new Trajectory(0, "bench-" + run, step, "p" + group, "g" + group, (int) (index / RUNS % 8),
                TASKS[(int) (group % TASKS.length)], correct ? answer : name(r), answer, reward,
                Map.of("correctness", correct ? 1.0 : 0.0, "format", reward > 0 ? 0.1 : 0.0), correct, finish,
                toolCalls, false, List.of(), b.build());
    }

    private void add(TokenArrays.Builder b, SplittableRandom r, String text, Role role, int turn, float advantage) {
        for (String w : text.split(" ")) {
            token(b, r, w, role, turn, advantage);
        }
    }

    private void words(TokenArrays.Builder b, SplittableRandom r, int count, Role role, int turn, float advantage) {
        for (int i = 0; i < count; i++) {
            token(b, r, r.nextInt(8) == 0 ? name(r) : word(r), role, turn, advantage);
        }
    }

    private static void token(TokenArrays.Builder b, SplittableRandom r, String w, Role role, int turn, float advantage) {
        String text = b.size() == 0 ? w : " " + w;
        if (role.isModelWritten()) {
            float lp = (float) -Math.abs(r.nextDouble() * r.nextDouble() * 3);
            b.add(id(w), text, role, turn, 1f, lp, lp - 0.01f, (float) r.nextDouble() * 3, advantage,
                    advantage * 0.001f, false);
        } else {
            b.add(id(w), text, role, turn);
        }
    }

    /** Zipf-like: low ranks are far more common, as in English text. */
    private static String word(SplittableRandom r) {
        return WORDS[(int) (WORDS.length * Math.pow(r.nextDouble(), 2.5))];
    }

    private String name(SplittableRandom r) {
        return names[(int) (NAMES * Math.pow(r.nextDouble(), 1.5))];
    }

    private static int id(String w) {
        return Math.floorMod(w.hashCode(), 150_000);
    }
}
