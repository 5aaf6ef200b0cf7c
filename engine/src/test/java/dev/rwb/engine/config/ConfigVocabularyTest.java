package dev.rwb.engine.config;

import dev.rwb.engine.env.Mistakes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The validator keeps its own lists of accepted config strings (the config package imports nothing
 * else of the engine); this checks they name exactly what the engine parses.
 */
class ConfigVocabularyTest {
    @Test
    void warmStartMistakesAreTheOraclesMistakes() {
        assertEquals(Arrays.stream(Mistakes.values()).map(Mistakes::key).toList(), RunConfigValidator.MISTAKES);
    }
}
