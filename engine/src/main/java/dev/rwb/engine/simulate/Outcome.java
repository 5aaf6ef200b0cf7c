package dev.rwb.engine.simulate;

/** What happens in a simulated episode; drawn per sample from the run's skill at that step. */
enum Outcome {
    /** Uses the tool well and answers correctly. */
    CORRECT,
    /** Uses the tool but answers wrongly. */
    WRONG,
    /** Skips the tool and guesses (usually wrong). */
    GUESS,
    /** Writes a call the tool rejects, gets its error observation, then solves the problem. */
    MALFORMED_CALL,
    /** Rambles until the token budget runs out (finish LENGTH). */
    OUT_OF_TOKENS,
    /** Keeps calling the tool until the turn limit (finish MAX_TURNS). */
    MAX_TURNS,
    /** Calls a tool that overruns its time limit (finish TOOL_ERROR, no observation). */
    TOOL_TIMEOUT,
    /** Degenerates into repeating one token (finish LENGTH). */
    COLLAPSE
}
