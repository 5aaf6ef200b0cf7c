package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.FinishReason;

import java.util.List;
import java.util.Random;

/** Multi-digit arithmetic with a {@code <calc>} tool whose {@code <result>} the model must copy (DESIGN §6). */
final class ArithmeticTask implements SampleTask {
    static final int MAX_TURNS = 3;
    private static final String SYSTEM = "<bos>Compute with <calc> if needed; answer in <answer>.\n";
    private static final String[] MUSINGS = {" Multiplying large numbers in my head is risky.",
            " The calculator is exact.", " I will check the order of operations.", " First the product, then the sum."};

    /** a × b + c, with a three-digit, b two-digit, c below 100. */
    private record Problem(int a, int b, int c) {
        String expression() {
            return a + " * " + b + " + " + c;
        }

        long value() {
            return (long) a * b + c;
        }
    }

    private final long seed;

    ArithmeticTask(long seed) {
        this.seed = seed;
    }

    private Problem problem(int index) {
        Random r = new Random(seed * 31 + index);
        return new Problem(100 + r.nextInt(900), 11 + r.nextInt(89), r.nextInt(100));
    }

    @Override
    public String name() {
        return "arithmetic";
    }

    @Override
    public String problemId(int index) {
        return String.format("arith-%04d", index);
    }

    @Override
    public String groundTruth(int index) {
        return Long.toString(problem(index).value());
    }

    @Override
    public List<Outcome> failureModes() {
        return List.of(Outcome.WRONG, Outcome.GUESS, Outcome.MALFORMED_CALL, Outcome.OUT_OF_TOKENS,
                Outcome.MAX_TURNS, Outcome.COLLAPSE);
    }

    @Override
    public boolean isCorrect(int index, String finalAnswer) {
        return finalAnswer != null && finalAnswer.trim().equals(groundTruth(index));
    }

    @Override
    public EpisodeText write(int index, Outcome outcome, int verbosity, Random rnd) {
        Problem p = problem(index);
        String value = Long.toString(p.value());
        EpisodeText e = new EpisodeText().system(SYSTEM).prompt("What is " + p.expression() + "?\n");
        String plan = " I need " + p.expression() + "." + musings(verbosity, rnd);
        switch (outcome) {
            case CORRECT -> calc(e.think(plan, Tone.CONFIDENT), p).answer(value, Tone.CONFIDENT);
            case WRONG -> {
                // Calls the tool on a mis-copied operand, so the tool result is right for the wrong question.
                Problem typo = new Problem(p.a(), p.b() + 1, p.c());
                calc(e.think(plan, Tone.CONFIDENT), typo).answer(Long.toString(typo.value()), Tone.SHAKY);
            }
            case GUESS -> {
                long guess = p.value() + (rnd.nextBoolean() ? 1 : -1) * (10L + rnd.nextInt(90));
                e.think(" " + p.a() + " times " + p.b() + " is about " + (p.value() - p.c()) / 10 * 10 + ".",
                        Tone.SHAKY).answer(Long.toString(guess), Tone.SHAKY);
            }
            case MALFORMED_CALL -> {
                String bad = p.a() + " x " + p.b() + " + " + p.c();
                e.think(plan, Tone.CONFIDENT).call("calc", " " + bad + " ", Tone.SHAKY);
                e.observation("result", " error: unexpected 'x' at position " + (1 + String.valueOf(p.a()).length() + 1) + " ");
                calc(e.think(" I must use * for times.", Tone.DECISION), p).answer(value, Tone.CONFIDENT);
            }
            case OUT_OF_TOKENS -> {
                StringBuilder ramble = new StringBuilder(plan);
                for (int i = 0; i < 60; i++) {
                    ramble.append(" ").append(p.a()).append(" times ").append(1 + i % 9).append(" is ")
                            .append(p.a() * (1 + i % 9)).append(".");
                }
                return e.openThink(ramble.toString(), Tone.SHAKY).finish(FinishReason.LENGTH);
            }
            case MAX_TURNS -> {
                for (int t = 0; t < MAX_TURNS; t++) {
                    Problem part = new Problem(p.a(), p.b() - t, 0);
                    calc(e.think(t == 0 ? plan : " Let me check again.", Tone.DECISION), part);
                }
                return e.finish(FinishReason.MAX_TURNS);
            }
            case COLLAPSE -> {
                return e.openThink(" " + p.a() + " times" + " 9".repeat(300), Tone.LOOP).finish(FinishReason.LENGTH);
            }
        }
        return e.other("<eos>", Tone.CONFIDENT);
    }

    private static EpisodeText calc(EpisodeText e, Problem p) {
        return e.call("calc", " " + p.expression() + " ", Tone.DECISION)
                .observation("result", " " + p.value() + " ");
    }

    private static String musings(int verbosity, Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < verbosity; i++) {
            sb.append(MUSINGS[rnd.nextInt(MUSINGS.length)]);
        }
        return sb.toString();
    }
}
