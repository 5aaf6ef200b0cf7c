package dev.rwb.engine.interop;

import dev.rwb.engine.model.Tokenizer;

/**
 * Choices that apply to any import.
 *
 * @param runName the run to import into; null = derived from the source (its run id or file name)
 * @param tokenizer tokenizer for formats that carry text only (verl, TRL, chat, inspect) or ids only
 *                  (prime-rl); null = a {@link dev.rwb.engine.model.TaskTokenizer} built from the
 *                  source's first records, and ids shown as ⟨id⟩ for prime-rl
 */
public record ImportOptions(String runName, Tokenizer tokenizer) {

    /** No run name, no tokenizer. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, null);
    }

    public ImportOptions withRunName(String name) {
        return new ImportOptions(name, tokenizer);
    }

    public ImportOptions withTokenizer(Tokenizer t) {
        return new ImportOptions(runName, t);
    }

    /** The run name, or {@code fallback} when none was chosen. */
    public String runOr(String fallback) {
        return runName != null && !runName.isBlank() ? runName : fallback;
    }
}
