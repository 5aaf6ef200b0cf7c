package dev.rwb.engine.interop.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.Fixtures;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lint the import runs as trajectories pass stores exactly what a full {@link RunLinter} pass over the run stores. */
class ImportLintTest {

    /** Two steps; in each, a group whose stated advantages are not centred, one whose equal rewards still push, a wrong stated length. */
    private static List<String> records(boolean stepsComeBack) {
        List<String> out = new ArrayList<>();
        int[] steps = stepsComeBack ? new int[]{1, 2, 1} : new int[]{1, 2};
        for (int step : steps) {
            for (int k = 0; k < 3; k++) {
                ObjectNode r = Fixtures.verlRecord(Fixtures.PROMPT, Fixtures.searchOutput(k == 0 ? "Ada" : "Bob"),
                        k == 0 ? 1.0 : 0.0, step, k == 0 ? 1.0 : 0.0);
                out.add(r.put("advantage", 0.5).toString());
            }
            for (int k = 0; k < 2; k++) {
                ObjectNode r = Fixtures.verlRecord("Other question?", "<think> hmm </think><answer> 7 </answer>", 0.0,
                        step, 0.0);
                out.add(r.put("advantage", 0.7).toString());
            }
            out.add(Fixtures.verlRecord("Third?", "<answer> 3 </answer>", 1.0, step, 1.0).put("response_length", 1)
                    .toString());
        }
        return out;
    }

    @Test
    void storesWhatAFullRunLintStores(@TempDir Path dir) throws Exception {
        for (boolean stepsComeBack : new boolean[]{false, true}) {
            Path dump = Files.createDirectories(dir.resolve("dump-" + stepsComeBack));
            Fixtures.writeLines(dump.resolve("1.jsonl"), records(stepsComeBack));
            try (WorkbenchStore s = WorkbenchStore.open(dir.resolve("w-" + stepsComeBack + ".db"))) {
                Importers.importInto(s, dump, ImportFormat.VERL, ImportOptions.defaults().withRunName("r"));
                List<String> duringImport = findings(s);
                Set<LintCode> codes = s.lints("r").stream().map(l -> l.finding().code()).collect(Collectors.toSet());
                assertTrue(codes.containsAll(Set.of(LintCode.GROUP_ADVANTAGE_NOT_CENTRED,
                        LintCode.EQUAL_REWARDS_NONZERO_ADVANTAGE, LintCode.RESPONSE_LENGTH_MISMATCH)), codes.toString());
                RunLinter.standard().lint(s, "r", null);
                assertEquals(findings(s), duringImport, "steps come back: " + stepsComeBack);

                // into the run again: it now holds earlier trajectories, so the whole run is linted again
                Importers.importInto(s, dump, ImportFormat.VERL, ImportOptions.defaults().withRunName("r"));
                List<String> again = findings(s);
                assertTrue(again.size() > duringImport.size());
                RunLinter.standard().lint(s, "r", null);
                assertEquals(findings(s), again);
            }
        }
    }

    private static List<String> findings(WorkbenchStore s) {
        return s.lints("r").stream().map(l -> l.finding().trajectoryId() + " " + l.finding().code() + " "
                + l.finding().positions() + " " + l.finding().message()).sorted().toList();
    }
}
