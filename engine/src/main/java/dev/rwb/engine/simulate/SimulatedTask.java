package dev.rwb.engine.simulate;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.env.rollout.RolloutConfig;
import dev.rwb.engine.trajectory.FinishReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One env task (kb-search, arithmetic, countdown) as the simulated policy meets it. The task's own
 * generator makes the problems, its oracle writes the model side of clean and mistaken episodes,
 * its real tools answer every call (BM25 search, the safe calculator) and its verifier judges the
 * answer. The simulator adds only what an oracle never writes: a call the tool rejects, rambling
 * past the token budget, calling until the turn limit, a tool that times out, and a collapse into
 * one repeated word. Problem {@code index} is instance {@code index / LEVELS} of level
 * {@code 1 + index % LEVELS} of the train split, so every hop count and size appears.
 */
final class SimulatedTask {
    /** The levels the samples use (1–3: one to three kb hops, two to four digits, three to five numbers). */
    static final int LEVELS = 3;
    /** How many problems of each level are generated; problem indices run below {@code LEVELS * PER_LEVEL}. */
    static final int PER_LEVEL = 8;
    /** The real environment's rollout limits: the turn limit and the response token budget. */
    static final RolloutConfig LIMITS = RolloutConfig.defaults();
    private static final Pattern PIECE = Pattern.compile("<(think|search|calc|answer)>(.*?)</\\1>", Pattern.DOTALL);
    private static final String[] MUSINGS = {" Let me be careful here.", " I should check this before answering.",
            " The question has more than one step.", " I will not trust my memory here.",
            " The tool is more reliable than my head.", " I will read the result before I go on."};

    private final Task task;
    private final List<Outcome> failureModes;
    private final double baseSkill;
    private final double peakSkill;
    private final List<List<TaskInstance>> levels = new ArrayList<>();

    /**
     * @param failureModes the failures this task's episodes show (outcomes other than CORRECT)
     * @param baseSkill chance of a correct episode at the first step; it rises to {@code peakSkill}
     */
    SimulatedTask(Task task, long seed, List<Outcome> failureModes, double baseSkill, double peakSkill) {
        this.task = task;
        this.failureModes = List.copyOf(failureModes);
        this.baseSkill = baseSkill;
        this.peakSkill = peakSkill;
        for (int level = 1; level <= LEVELS; level++) {
            levels.add(task.generate(seed, PER_LEVEL, level, Split.TRAIN));
        }
    }

    Task task() {
        return task;
    }

    String name() {
        return task.name();
    }

    List<Outcome> failureModes() {
        return failureModes;
    }

    /** The chance of a correct episode at training progress {@code progress} ∈ [0, 1]. */
    double skill(double progress) {
        return baseSkill + (peakSkill - baseSkill) * progress;
    }

    TaskInstance instance(int index) {
        return levels.get(index % LEVELS).get(index / LEVELS);
    }

    /** The task's verifier on a final answer (null when the model never answered). */
    Verdict verify(int index, String finalAnswer) {
        return task.verify(instance(index), finalAnswer);
    }

    /**
     * Writes one episode. {@code verbosity} (≥ 0) is how many extra sentences the policy adds to its
     * first thought; it grows during training, as response length does under RL.
     */
    EpisodeText write(int index, Outcome outcome, int verbosity, Random rnd) {
        TaskInstance instance = instance(index);
        Episode e = new Episode(instance);
        List<String> clean = task.oracle().demonstrate(instance, 0, rnd);
        String firstArgument = firstCallArgument(clean);
        switch (outcome) {
            case CORRECT -> e.play(withMusings(clean, verbosity, rnd), Tone.CONFIDENT);
            case WRONG -> e.play(task.oracle().demonstrate(instance, 1, Mistakes.MIXED, rnd), Tone.SHAKY);
            case GUESS -> e.play(task.oracle().demonstrate(instance, 1, Mistakes.GUESS, rnd), Tone.SHAKY);
            case MALFORMED_CALL -> {
                // "x" for times, or nothing at all: arguments the real tools reject with an error observation
                String bad = firstArgument.contains("*") ? firstArgument.replace("*", "x") : " ";
                e.text.think(" I will call the tool.", Tone.DECISION);
                e.call(bad, Tone.SHAKY);
                e.text.think(" The tool did not accept that. I will write the call properly.", Tone.DECISION);
                e.play(clean, Tone.CONFIDENT);
            }
            case OUT_OF_TOKENS -> {
                e.play(clean.subList(0, 1), Tone.CONFIDENT);
                StringBuilder ramble = new StringBuilder(" Wait, let me reconsider.");
                for (int i = 0; i < 120; i++) {
                    ramble.append(MUSINGS[rnd.nextInt(MUSINGS.length)]);
                }
                return e.text.openThink(ramble.toString(), Tone.SHAKY).finish(FinishReason.LENGTH);
            }
            case MAX_TURNS -> {
                for (int t = 0; t < LIMITS.maxTurns(); t++) {
                    e.text.think(t == 0 ? " I will call the tool." : " That did not settle it, once more.", Tone.DECISION);
                    e.call(firstArgument, Tone.DECISION);
                }
                // The call after the last allowed one ends the episode unanswered (the engine's MAX_TURNS).
                e.text.think(" Once more.", Tone.DECISION).call(e.tool.name(), firstArgument, Tone.DECISION);
                return e.text.finish(FinishReason.MAX_TURNS);
            }
            case TOOL_TIMEOUT -> {
                e.text.think(" I will call the tool.", Tone.DECISION).call(e.tool.name(), firstArgument, Tone.DECISION);
                // The tool overran its time limit: the engine ends the episode without an observation.
                return e.text.finish(FinishReason.TOOL_ERROR);
            }
            case COLLAPSE -> {
                return e.text.openThink(" The answer is" + " the".repeat(400), Tone.LOOP).finish(FinishReason.LENGTH);
            }
        }
        return e.text.other("<eos>", Tone.CONFIDENT);
    }

    /** The first tool call's argument in a demonstration (what a stuck policy keeps repeating). */
    private static String firstCallArgument(List<String> demonstration) {
        for (String segment : demonstration) {
            Matcher m = PIECE.matcher(segment);
            while (m.find()) {
                if (!m.group(1).equals("think") && !m.group(1).equals("answer")) {
                    return m.group(2);
                }
            }
        }
        throw new IllegalStateException("the oracle's demonstration calls no tool: " + demonstration);
    }

    private static List<String> withMusings(List<String> demonstration, int verbosity, Random rnd) {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < verbosity; i++) {
            extra.append(MUSINGS[rnd.nextInt(MUSINGS.length)]);
        }
        List<String> out = new ArrayList<>(demonstration);
        out.set(0, out.get(0).replaceFirst("</think>", Matcher.quoteReplacement(extra + "</think>")));
        return out;
    }

    /** One episode being written: the text so far, and the instance's real tool that answers each call. */
    private final class Episode {
        final TaskInstance instance;
        final EpisodeText text;
        final Tool tool;

        Episode(TaskInstance instance) {
            this.instance = instance;
            // The engine starts every sequence with BOS, then the task's prompt.
            this.text = new EpisodeText().system("<bos>").prompt(instance.prompt());
            // One fresh tool per episode, as the engine makes it (the search tool counts its searches).
            this.tool = task.toolsFor(instance).get(0);
        }

        /**
         * Writes an oracle's segments piece by piece; every call gets the real tool's observation.
         * Thoughts are confident and calls are decisions; when the oracle's answer is wrong, the
         * last thought and the answer take {@code wrongTone}.
         */
        void play(List<String> segments, Tone wrongTone) {
            String answer = null;
            for (String s : segments) {
                Matcher m = PIECE.matcher(s);
                while (m.find()) {
                    answer = m.group(1).equals("answer") ? m.group(2) : answer;
                }
            }
            Tone ending = answer != null && task.verify(instance, answer.strip()).correct() ? Tone.CONFIDENT : wrongTone;
            for (int i = 0; i < segments.size(); i++) {
                boolean last = i == segments.size() - 1;
                Matcher m = PIECE.matcher(segments.get(i));
                while (m.find()) {
                    String body = m.group(2);
                    switch (m.group(1)) {
                        case "think" -> text.think(body, last ? ending : Tone.CONFIDENT);
                        case "answer" -> text.answer(body, ending);
                        default -> call(body, Tone.DECISION);
                    }
                }
            }
        }

        /** A call and the real tool's observation of it. */
        void call(String argument, Tone tone) {
            text.call(tool.name(), argument, tone);
            Observation o = tool.call(argument);
            text.observation(o.text());
        }
    }
}
