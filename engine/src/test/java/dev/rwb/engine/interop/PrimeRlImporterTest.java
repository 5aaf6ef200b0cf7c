package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimeRlImporterTest {
    /** Vocabulary of the test tokenizer: ids 1.. in this order. */
    static final List<String> WORDS = List.of("Who", "founded", "Acme", "?", "<", "search", ">", "</", "information",
            "Ada", "answer", "think", "did");

    /** prompt "Who founded Acme ?" (4), model "<search> Acme </search>" (7), tool "<information> Ada </information>" (7),
     * model "<answer> Ada </answer>" (7). */
    static ObjectNode sequence(int step, String runId, double reward) {
        int[] ids = {1, 2, 3, 4, 5, 6, 7, 3, 8, 6, 7, 5, 9, 7, 10, 8, 9, 7, 5, 11, 7, 10, 8, 11, 7};
        ObjectNode o = Fixtures.JSON.createObjectNode();
        o.put("schema_version", 1).put("step", step).put("export_step", step).put("rank", 0).put("micro_step", 0);
        if (runId == null) {
            o.putNull("run_id");
        } else {
            o.put("run_id", runId);
        }
        o.put("env_name", "search-env");
        ArrayNode tid = o.putArray("token_ids");
        ArrayNode pos = o.putArray("position_ids");
        ArrayNode mask = o.putArray("loss_mask");
        ArrayNode adv = o.putArray("advantages");
        ArrayNode lp = o.putArray("inference_logprobs");
        ArrayNode tlp = o.putArray("trainer_logprobs");
        ArrayNode ent = o.putArray("entropy");
        ArrayNode rew = o.putArray("rewards");
        ArrayNode masked = o.putArray("is_masked");
        ArrayNode kl = o.putArray("mismatch_kl");
        for (int i = 0; i < ids.length; i++) {
            boolean model = (i >= 4 && i < 11) || i >= 18;
            tid.add(ids[i]);
            pos.add(i);
            mask.add(model);
            if (model) {
                adv.add(0.5);
                lp.add(-0.25);
                tlp.add(-0.3);
                ent.add(1.5);
                // prime-rl loss.py: mismatch_kl = ρ − log ρ − 1 with log ρ = trainer − inference = −0.05
                kl.add(Math.exp(-0.05) + 0.05 - 1);
            } else {
                adv.addNull();
                lp.addNull();
                tlp.addNull();
                ent.addNull();
                kl.addNull();
            }
            rew.add(reward);
            masked.add(i == 6);
        }
        return o;
    }

    static Path export(Path dir) throws Exception {
        Path root = dir.resolve("out").resolve("token_exports");
        Path s1 = Files.createDirectories(root.resolve("step_1"));
        Path s2 = Files.createDirectories(root.resolve("step_2"));
        Fixtures.writeLines(s1.resolve("rank_0.jsonl"), List.of(sequence(1, null, 1).toString(), sequence(1, null, 0).toString()));
        Fixtures.writeLines(s1.resolve("rank_1.jsonl"), List.of(sequence(1, null, 1).toString()));
        Fixtures.writeLines(s2.resolve("rank_0.jsonl"), List.of(sequence(2, null, 1).toString()));
        Files.createFile(s1.resolve("STABLE"));
        return dir.resolve("out");
    }

    private static List<Trajectory> read(Path source, ImportOptions o) throws Exception {
        List<Trajectory> out = new ArrayList<>();
        Importers.forFormat(ImportFormat.PRIME_RL).read(source, o, out::add);
        return out;
    }

    @Test
    void masksBecomeRolesAndTokenColumnsAreKept(@TempDir Path dir) throws Exception {
        Path out = export(dir);
        assertEquals(ImportFormat.PRIME_RL, Importers.detect(out));
        List<Trajectory> ts = read(out, ImportOptions.defaults());
        assertEquals(4, ts.size());
        assertEquals(List.of(1, 1, 1, 2), ts.stream().map(Trajectory::step).toList());
        Trajectory t = ts.get(0);
        assertEquals("prime-rl-out", t.run());
        assertEquals("search-env", t.task());
        assertFalse(t.textOnly(), "prime-rl exports the real token ids");
        TokenArrays a = t.tokens();
        assertEquals("⟨1⟩", a.tokenText()[0]);
        assertEquals(Role.PROMPT, a.roles()[3]);
        assertEquals(Role.OTHER_MODEL, a.roles()[4]);
        assertEquals(Role.TOOL_RESPONSE, a.roles()[11]);
        assertEquals(Role.OTHER_MODEL, a.roles()[18]);
        assertEquals(0, a.turns()[10]);
        assertEquals(1, a.turns()[18], "the model writing again after a tool response starts turn 1");
        assertEquals(1f, a.lossWeights()[4]);
        assertEquals(0f, a.lossWeights()[12]);
        assertEquals(-0.25f, a.logprobs()[5]);
        assertTrue(Float.isNaN(a.logprobs()[0]), "null reads as NaN");
        assertEquals(0.5f, a.advantages()[20]);
        assertEquals(1.5f, a.entropies()[20]);
        assertTrue(a.clipped()[6]);
        assertEquals(-0.3f, a.trainerLogprobs()[5], "trainer_logprobs is kept, not dropped");
        assertEquals(Math.exp(-0.05), a.importanceRatio(5), 1e-6);
        assertEquals(Math.exp(-0.05) + 0.05 - 1, a.mismatchKl()[5], 1e-7);
        assertTrue(Float.isNaN(a.mismatchKl()[0]));
        assertEquals(1.0, t.reward());
        assertEquals(1, t.numToolCalls());
        assertEquals(t.groupId(), ts.get(1).groupId(), "one prompt, one group");
        assertEquals(0.0, ts.get(1).reward());
    }

    @Test
    void aTokenizerGivesTextAndTagRoles(@TempDir Path dir) throws Exception {
        Path out = export(dir);
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.wordLevelTokenizer(dir, WORDS))) {
            Trajectory t = read(out, ImportOptions.defaults().withTokenizer(tok).withRunName("p")).get(0);
            TokenArrays a = t.tokens();
            assertEquals("p", t.run());
            assertEquals("Who", a.tokenText()[0]);
            assertEquals(Role.TOOL_CALL, a.roles()[5]);
            assertEquals(Role.TOOL_RESPONSE, a.roles()[13], "masked tokens stay tool response");
            assertEquals(Role.ANSWER, a.roles()[20]);
            assertEquals("Ada", t.finalAnswer());
        }
    }

    @Test
    void packedSamplesSplitAtPositionRestarts(@TempDir Path dir) throws Exception {
        ObjectNode o = sequence(3, "run-7", 1);
        ArrayNode pos = o.putArray("position_ids");
        for (int i = 0; i < 25; i++) {
            pos.add(i < 11 ? i : i - 11);
        }
        Path f = dir.resolve("rank_0.jsonl");
        Fixtures.writeLines(f, List.of(o.toString()));
        List<Trajectory> ts = read(f, ImportOptions.defaults());
        assertEquals(2, ts.size());
        assertEquals(11, ts.get(0).tokens().length());
        assertEquals(14, ts.get(1).tokens().length());
        assertEquals("run-7", ts.get(0).run());
        assertArrayEquals(new int[]{9, 7, 10, 8, 9, 7, 5, 11, 7, 10, 8, 11, 7}, java.util.Arrays.copyOfRange(
                ts.get(1).tokens().tokenIds(), 1, 14));
    }

    @Test
    void misalignedOrMistypedColumnsAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rank_0.jsonl");
        ObjectNode o = sequence(1, null, 1);
        ((ArrayNode) o.get("loss_mask")).remove(0);
        Fixtures.writeLines(f, List.of(sequence(1, null, 1).toString(), o.toString()));
        TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
        assertEquals("rank_0.jsonl:2: field 'loss_mask': has 24 values but token_ids has 25 (prime-rl's per-token "
                + "arrays must be aligned)", e.getMessage());

        o = sequence(1, null, 1);
        ((ArrayNode) o.get("inference_logprobs")).set(3, Fixtures.JSON.getNodeFactory().textNode("x"));
        Fixtures.writeLines(f, List.of(o.toString()));
        e = assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
        assertEquals("inference_logprobs[3]", e.field());

        o = sequence(1, null, 1);
        ((ArrayNode) o.get("token_ids")).set(0, Fixtures.JSON.getNodeFactory().numberNode(1L << 40));
        Fixtures.writeLines(f, List.of(o.toString()));
        e = assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
        assertEquals("token_ids[0]", e.field());

        o = sequence(1, null, 1);
        o.put("schema_version", 9);
        Fixtures.writeLines(f, List.of(o.toString()));
        e = assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
        assertEquals("schema_version", e.field());

        o = sequence(1, null, 1);
        o.remove("step");
        Fixtures.writeLines(f, List.of(o.toString()));
        e = assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
        assertEquals("rank_0.jsonl:1: field 'step': missing", e.getMessage());

        try (HfTokenizer tok = HfTokenizer.load(Fixtures.wordLevelTokenizer(dir, WORDS))) {
            o = sequence(1, null, 1);
            ((ArrayNode) o.get("token_ids")).set(2, Fixtures.JSON.getNodeFactory().numberNode(5000));
            Fixtures.writeLines(f, List.of(o.toString()));
            e = assertThrows(TrajectoryFormatException.class,
                    () -> read(f, ImportOptions.defaults().withTokenizer(tok)));
            assertEquals("token_ids", e.field());
            assertTrue(e.getMessage().contains("token_ids[2] = 5000 is outside the tokenizer's 14 ids"), e.getMessage());
        }
    }
}
