package dev.rwb.engine.env.countdown;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CountdownVerifierTest {
    private static final TaskInstance I = TaskInstance.of("countdown", 2, "k", "p", "24",
            Map.of("numbers", "3, 4, 8, 1", "target", "24", "solution", "(8 - 4) * 3 * 1"));

    @Test
    void scoresOnePointOneOrZero() {
        CountdownVerifier v = new CountdownVerifier();
        Object[][] table = {
                {"(4 - 1) * 8", 1.0}, {"8*3", 1.0}, {"3*8 = 24", 1.0}, {"(8-4)*3*1*2", 0.1}, {"4*8-3-1-4", 0.1},
                {"(8 - 4) * 3 * 1", 0.1}, {"(1+3)*(8-4)+8", 0.1},
                {"8*3*1*1", 0.1}, {"8*3+1", 0.1}, {"24", 0.1}, {"2.5*8+4", 0.1}, {"8 * 3.0", 0.1},
                {"", 0.0}, {null, 0.0}, {"eight times three", 0.0}, {"8*(3", 0.0}, {"8/0", 0.0}};
        for (Object[] row : table) {
            Verdict verdict = v.verify(I, (String) row[0]);
            assertEquals((double) row[1], verdict.score(), 1e-12, String.valueOf(row[0]));
            assertEquals((double) row[1] == 1.0, verdict.correct());
        }
    }
}
