package dev.rwb.engine.simulate;

import java.util.List;
import java.util.Random;

/** One of the three sample tasks (DESIGN §6): its problems, how a simulated policy writes episodes, its checker. */
interface SampleTask {
    /** Task name as stored in trajectories: "kb-search", "arithmetic", "countdown". */
    String name();

    /** Stable id of problem number {@code index}. */
    String problemId(int index);

    /** The verifiable answer of a problem. */
    String groundTruth(int index);

    /** The ways this task's episodes can fail (outcomes other than {@link Outcome#CORRECT}). */
    List<Outcome> failureModes();

    /**
     * Writes one episode. {@code verbosity} (≥ 0) is how many extra reasoning sentences the
     * policy writes; it grows during training, as response length does under RL.
     */
    EpisodeText write(int index, Outcome outcome, int verbosity, Random rnd);

    /** The checker: is this final answer correct for problem {@code index}? */
    boolean isCorrect(int index, String finalAnswer);
}
