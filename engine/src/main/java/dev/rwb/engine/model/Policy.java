package dev.rwb.engine.model;

import java.util.List;

/** A language model that can start batched generation sessions (implemented by the DJL GPT). */
public interface Policy {
    /** Starts a session whose sequences begin with the given prompts (BOS included by the caller if wanted). */
    GenerationSession start(List<int[]> prompts, SamplingParams params);

    Tokenizer tokenizer();

    /** Maximum sequence length the model can attend over. */
    int contextLength();
}
