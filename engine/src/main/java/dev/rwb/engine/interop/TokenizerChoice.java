package dev.rwb.engine.interop;

import dev.rwb.engine.model.TaskTokenizer;

import java.util.Collection;

/**
 * Picks how text-only imports are tokenised: the user's tokenizer when one was given, else a
 * {@link TaskTokenizer} whose word list comes from the source's first records (words seen at
 * least twice become tokens; everything else splits into characters). Re-tokenising can never
 * recover the ids the framework really sampled, which is why such trajectories are flagged text-only.
 */
public final class TokenizerChoice {
    /** How many records the fallback vocabulary is learned from. */
    public static final int SAMPLE_RECORDS = 200;

    private TokenizerChoice() {
    }

    public static TextPieces pieces(ImportOptions options, Collection<String> sampleTexts) {
        if (options.tokenizer() != null) {
            return TextPieces.of(options.tokenizer());
        }
        return TextPieces.of(TaskTokenizer.fromCorpus(sampleTexts, 2));
    }
}
