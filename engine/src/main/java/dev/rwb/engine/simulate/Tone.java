package dev.rwb.engine.simulate;

/** How sure the simulated policy was while writing a stretch of text; shapes its logprobs and entropies. */
enum Tone {
    /** Routine text: high probability, low entropy. */
    CONFIDENT,
    /** A choice point (what to search, which number to try): higher entropy. */
    DECISION,
    /** Text that turns out wrong: low probability, high entropy. */
    SHAKY,
    /** A degenerate repetition loop: near-certain tokens, entropy collapsed. */
    LOOP
}
