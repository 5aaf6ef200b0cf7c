package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
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
import java.util.Map;

import static dev.rwb.engine.interop.VerifiersTraces.assistant;
import static dev.rwb.engine.interop.VerifiersTraces.episode;
import static dev.rwb.engine.interop.VerifiersTraces.node;
import static dev.rwb.engine.interop.VerifiersTraces.singleTurn;
import static dev.rwb.engine.interop.VerifiersTraces.toolTrace;
import static dev.rwb.engine.interop.VerifiersTraces.trace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiersImporterTest {

    private static List<Trajectory> read(Path source, ImportOptions o) throws Exception {
        List<Trajectory> out = new ArrayList<>();
        Importers.forFormat(ImportFormat.VERIFIERS).read(source, o, out::add);
        return out;
    }

    private static Path write(Path dir, String folder, List<ObjectNode> lines) throws Exception {
        Path f = Files.createDirectories(dir.resolve(folder)).resolve("traces.jsonl");
        Fixtures.writeLines(f, lines.stream().map(ObjectNode::toString).toList());
        return f;
    }

    @Test
    void aSingleTurnTraceKeepsEveryPerTokenFieldAndTellsScaffoldFromContent(@TempDir Path dir) throws Exception {
        Path f = write(dir, "eval-run", List.of(singleTurn("acme-1", 1.0)));
        assertEquals(ImportFormat.VERIFIERS, Importers.detect(f));
        List<Trajectory> ts = read(f, ImportOptions.defaults());
        assertEquals(1, ts.size());
        Trajectory t = ts.get(0);
        assertEquals("verifiers-eval-run", t.run());
        assertEquals("QATask", t.task());
        assertEquals("acme-1", t.promptId());
        assertEquals("Ada", t.groundTruth());
        assertEquals("Ada", t.finalAnswer());
        assertEquals(1.0, t.reward());
        assertTrue(t.correct());
        assertEquals(FinishReason.STOP, t.finishReason());
        TokenArrays a = t.tokens();
        assertEquals(17, a.length());
        assertEquals("⟨1⟩", a.tokenText()[0], "no tokenizer: ids shown as ⟨id⟩");
        Role[] expected = {Role.TEMPLATE, Role.TEMPLATE, Role.SYSTEM, Role.SYSTEM, Role.TEMPLATE,
                Role.TEMPLATE, Role.TEMPLATE, Role.PROMPT, Role.PROMPT, Role.PROMPT, Role.TEMPLATE,
                Role.TEMPLATE, Role.TEMPLATE, Role.OTHER_MODEL, Role.OTHER_MODEL, Role.OTHER_MODEL, Role.OTHER_MODEL};
        assertArrayEquals(expected, a.roles(), "is_content false → TEMPLATE; the sampled <|im_end|> stays model-written");
        assertEquals(0f, a.lossWeights()[12]);
        assertEquals(1f, a.lossWeights()[13]);
        assertEquals(1f, a.lossWeights()[16]);
        // compact arrays spread onto the sampled positions 13..16
        assertTrue(Float.isNaN(a.logprobs()[12]));
        assertEquals(-0.1f, a.logprobs()[13], 1e-6);
        assertEquals(-0.4f, a.logprobs()[16], 1e-6);
        assertEquals(-0.41f, a.refLogprobs()[16], 1e-6);
        assertEquals(0.5f, a.advantages()[14]);
        assertTrue(Float.isNaN(a.advantages()[0]));
        assertEquals(List.of("rl"), List.copyOf(a.lossStreams().keySet()));
    }

    @Test
    void aMultiTurnEpisodeWithAToolKeepsRunStepGroupStreamsAndTurns(@TempDir Path dir) throws Exception {
        Path f = write(dir, "out/rollouts/step_3/train/all", List.of(episode(3, "grp-7", List.of(toolTrace("acme-2")))));
        Trajectory t = read(f, ImportOptions.defaults()).get(0);
        assertEquals("my-run", t.run());
        assertEquals(3, t.step());
        assertEquals("grp-7", t.groupId());
        assertEquals("search", t.task(), "the env's name is the task");
        assertEquals(1, t.numToolCalls());
        assertEquals(1.1, t.reward(), 1e-9, "rewards are score × weight, summed");
        assertEquals(Map.of("correct_answer", 1.0, "format", 0.1), Map.copyOf(t.rewardComponents()));
        assertEquals(List.of(new PolicySegment(0, 2)), t.policySegments());
        TokenArrays a = t.tokens();
        assertEquals(23, a.length());
        assertEquals(Role.TOOL_RESPONSE, a.roles()[15]);
        assertEquals(Role.TEMPLATE, a.roles()[14], "the tool wrap is scaffold");
        assertEquals(0f, a.lossWeights()[15], "the rl weight of the tool body is 0");
        assertEquals(0.1f, a.lossStreams().get("ce")[15], "echo's ce stream is kept");
        assertEquals(0f, a.lossStreams().get("rl")[15], "a node without a stream contributes zeros");
        assertEquals(List.of("rl", "ce"), List.copyOf(a.lossStreams().keySet()));
        assertEquals(0, a.turns()[15]);
        assertEquals(1, a.turns()[20], "the second sampled message is turn 1");
        assertEquals(0.75f, a.advantages()[9]);
    }

    @Test
    void eachBranchIsATrajectoryAndASharedSampledNodeTrainsOnce(@TempDir Path dir) throws Exception {
        ObjectNode user = node(null, "user", new int[]{1, 6, 7, 8, 9, 5}, null);
        ObjectNode t = trace("acme-3", List.of(user, assistant(0, new int[]{13}, "Acme", 0.1),
                node(1, "user", new int[]{1, 6, 7, 5}, null), assistant(2, new int[]{16}, "Ada", 0.2),
                node(1, "user", new int[]{1, 6, 8, 5}, null), assistant(4, new int[]{16}, "Ada", 0.3)), 1.0);
        Path f = write(dir, "branches", List.of(t));
        List<Trajectory> ts = read(f, ImportOptions.defaults());
        assertEquals(2, ts.size(), "two leaves, two branches");
        assertEquals(List.of(0, 1), ts.stream().map(Trajectory::sampleIndex).toList());
        assertEquals(Role.PROMPT, ts.get(0).tokens().roles()[2], "no is_content: the node keeps its message's role");
        assertEquals(1f, ts.get(0).tokens().lossWeights()[8], "the shared call trains in the first branch");
        assertEquals(0f, ts.get(1).tokens().lossWeights()[8], "… and not again in the second");
        assertEquals(1f, ts.get(1).tokens().lossWeights()[ts.get(1).tokens().length() - 1]);
    }

    @Test
    void aTokenizerGivesTextAndTagRoles(@TempDir Path dir) throws Exception {
        Path f = write(dir, "run", List.of(episode(1, "g", List.of(toolTrace("acme-4")))));
        try (HfTokenizer tok = HfTokenizer.load(Fixtures.wordLevelTokenizer(dir, VerifiersTraces.WORDS))) {
            TokenArrays a = read(f, ImportOptions.defaults().withTokenizer(tok)).get(0).tokens();
            assertEquals("<|im_start|>", a.tokenText()[0]);
            assertEquals(Role.TOOL_CALL, a.roles()[9]);
            assertEquals(Role.ANSWER, a.roles()[20]);
        }
    }

    @Test
    void aRolloutsFolderIsDetectedAndEffectiveDuplicatesAreSkipped(@TempDir Path dir) throws Exception {
        List<ObjectNode> lines = List.of(episode(5, "g1", List.of(singleTurn("a", 1.0))),
                episode(5, "g1", List.of(singleTurn("a", 0.0))));
        write(dir, "out/rollouts/step_5/train/all", lines);
        write(dir, "out/rollouts/step_5/train/effective", lines);
        write(dir, "out/rollouts/step_6/train/effective", List.of(episode(6, "g2", List.of(singleTurn("b", 1.0)))));
        assertEquals(ImportFormat.VERIFIERS, Importers.detect(dir.resolve("out")));
        List<Trajectory> ts = read(dir.resolve("out"), ImportOptions.defaults());
        assertEquals(List.of(5, 5, 6), ts.stream().map(Trajectory::step).toList(),
                "step 5's effective file repeats its all file; step 6 has only effective");
        assertEquals(List.of(0, 1, 0), ts.stream().map(Trajectory::sampleIndex).toList());
    }

    @Test
    void aMalformedLineNamesFileLineAndFieldAndNothingIsStored(@TempDir Path dir) throws Exception {
        ObjectNode bad = episode(1, "g", List.of(toolTrace("x")));
        ((ArrayNode) bad.get("traces").get(0).get("nodes").get(1).get("logprobs")).remove(0);
        Path f = write(dir, "bad", List.of(episode(1, "g", List.of(singleTurn("ok", 1.0))), bad));
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, f, Importers.detect(f), ImportOptions.defaults()));
            assertEquals("traces.jsonl:2: field 'traces[0].nodes[1].logprobs': has 4 values but the node's mask marks "
                    + "5 sampled tokens (verifiers stores logprobs for the sampled tokens only)", e.getMessage());
            assertEquals(List.of(), store.listRuns(), "all or nothing: the good first line is not stored either");
        }

        ObjectNode t = singleTurn("y", 1.0);
        ((ArrayNode) t.get("nodes").get(1).get("mask")).remove(0);
        assertEquals("traces.jsonl:1: field 'nodes[1].mask': has 5 values but token_ids has 6 (verifiers aligns mask "
                + "to the node's token_ids)", readError(dir, t).getMessage());

        t = singleTurn("z", 1.0);
        ((ObjectNode) t.get("nodes").get(1)).put("parent", 2);
        assertEquals("nodes[1].parent", readError(dir, t).field());

        t = singleTurn("w", 1.0);
        ((ObjectNode) t.get("nodes").get(2).get("message")).put("role", "narrator");
        assertEquals("nodes[2].message.role", readError(dir, t).field());

        t = singleTurn("v", 1.0);
        ((ObjectNode) t.get("nodes").get(2).get("loss_weights")).putArray("rl").add(1.0);
        assertEquals("nodes[2].loss_weights.rl", readError(dir, t).field());

        t = singleTurn("u", 1.0);
        t.put("version", 2);
        assertEquals("version", readError(dir, t).field());
    }

    private static TrajectoryFormatException readError(Path dir, ObjectNode line) throws Exception {
        Path f = write(dir, "bad2", List.of(line));
        return assertThrows(TrajectoryFormatException.class, () -> read(f, ImportOptions.defaults()));
    }
}
