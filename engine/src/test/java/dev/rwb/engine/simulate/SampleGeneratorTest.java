package dev.rwb.engine.simulate;

import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.catalog.Tasks;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleGeneratorTest {
    private static SampleGenerator generator;
    private static SampleSet samples;

    @BeforeAll
    static void generate() {
        generator = new SampleGenerator(7);
        samples = generator.generate();
    }

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        List<Trajectory> again = new SampleGenerator(7).generate().trajectories();
        List<Trajectory> first = samples.trajectories();
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(TrajectoryJsonl.toLine(first.get(i)), TrajectoryJsonl.toLine(again.get(i)), "trajectory " + i);
        }
        Trajectory other = new SampleGenerator(8).generate().trajectories().get(0);
        assertNotEquals(TrajectoryJsonl.toLine(first.get(0)), TrajectoryJsonl.toLine(other));
    }

    @Test
    void shapeIsRunsTimesStepsTimesTasksTimesPromptsTimesGroup() {
        assertEquals(2 * 6 * 3 * 2 * 8, samples.trajectories().size());
        assertEquals(Set.of("kb-search", "arithmetic", "countdown"),
                samples.trajectories().stream().map(Trajectory::task).collect(Collectors.toSet()));
        assertEquals(Set.of("grpo-searchr1-masked", "grpo-unmasked"), samples.metrics().keySet());
    }

    @Test
    void everyTrajectorySurvivesAJsonlRoundTrip() throws Exception {
        int line = 0;
        for (Trajectory t : samples.trajectories()) {
            Trajectory back = TrajectoryJsonl.parseLine(TrajectoryJsonl.toLine(t), "samples", ++line);
            assertTrue(back.tokens().contentEquals(t.tokens()), "tokens of line " + line);
            assertEquals(t.withTokens(back.tokens()), back, "fields of line " + line);
        }
    }

    @Test
    void tokenTextIsTheTokenizersDecodeOfTheIds() {
        for (Trajectory t : samples.trajectories()) {
            TokenArrays a = t.tokens();
            for (int i = 0; i < a.length(); i++) {
                assertEquals(generator.tokenizer().decodeToken(a.tokenIds()[i]), a.tokenText()[i]);
            }
            assertEquals(generator.tokenizer().decode(a.tokenIds()), a.text());
        }
    }

    @Test
    void rolesFollowTheTags() {
        for (Trajectory t : samples.trajectories()) {
            TokenArrays a = t.tokens();
            Role mode = Role.OTHER_MODEL;
            for (int i = t.promptLength(); i < a.length(); i++) {
                String text = a.tokenText()[i];
                Role opened = switch (text) {
                    case "<think>" -> Role.REASONING;
                    case "<search>", "<calc>" -> Role.TOOL_CALL;
                    case "<information>", "<result>" -> Role.TOOL_RESPONSE;
                    case "<answer>" -> Role.ANSWER;
                    default -> null;
                };
                mode = opened != null ? opened : mode;
                int at = i;
                assertEquals(mode, a.roles()[i], () -> t.promptId() + " token " + at + " '" + text + "' in " + a.text());
                boolean closes = switch (text) {
                    case "</think>" -> mode == Role.REASONING;
                    case "</search>", "</calc>" -> mode == Role.TOOL_CALL;
                    case "</information>", "</result>" -> mode == Role.TOOL_RESPONSE;
                    case "</answer>" -> mode == Role.ANSWER;
                    default -> false;
                };
                mode = closes ? Role.OTHER_MODEL : mode;
            }
            for (int i = 0; i < t.promptLength(); i++) {
                assertTrue(a.roles()[i] == Role.SYSTEM || a.roles()[i] == Role.PROMPT);
                assertEquals(0, a.turns()[i]);
            }
        }
    }

    @Test
    void turnsAdvanceAfterEachToolResponse() {
        for (Trajectory t : samples.trajectories()) {
            TokenArrays a = t.tokens();
            int turn = 0;
            for (int i = 1; i < a.length(); i++) {
                if (a.roles()[i - 1] == Role.TOOL_RESPONSE && a.roles()[i] != Role.TOOL_RESPONSE) {
                    turn++;
                }
                assertEquals(turn, a.turns()[i], t.promptId() + " token " + i);
            }
        }
    }

    @Test
    void groupAdvantagesSumToZeroAndFollowRewards() {
        Map<String, List<Trajectory>> groups = samples.trajectories().stream()
                .collect(Collectors.groupingBy(t -> t.run() + "/" + t.groupId(), TreeMap::new, Collectors.toList()));
        assertEquals(2 * 6 * 3 * 2, groups.size());
        for (List<Trajectory> g : groups.values()) {
            assertEquals(8, g.size());
            double sum = 0;
            for (Trajectory t : g) {
                float adv = t.tokens().advantages()[t.tokens().length() - 1];
                sum += adv;
                for (Trajectory u : g) {
                    if (t.reward() > u.reward()) {
                        assertTrue(adv > u.tokens().advantages()[u.tokens().length() - 1]);
                    }
                }
            }
            assertEquals(0, sum, 1e-4);
        }
    }

    @Test
    void storedContributionsAreThePartAFunctionOfTheStoredFields() {
        for (SampleRollout r : samples.rollouts()) {
            TokenArrays a = r.trajectory().tokens();
            SampleGenerator.RunSpec run = SampleGenerator.RUNS.stream()
                    .filter(s -> s.name().equals(r.trajectory().run())).findFirst().orElseThrow();
            assertArrayEquals(run.mask().weights(a), a.lossWeights());
            Contributions c = SampleGenerator.CALCULATOR.compute(a, a.lossWeights(), r.ratios());
            assertArrayEquals(c.contributions(), a.contributions());
            assertArrayEquals(c.clipped(), a.clipped());
        }
    }

    @Test
    void tokenStatisticsArePlausible() {
        long clipped = 0;
        for (Trajectory t : samples.trajectories()) {
            TokenArrays a = t.tokens();
            for (int i = 0; i < a.length(); i++) {
                boolean model = a.roles()[i].isModelWritten();
                assertEquals(model, Float.isFinite(a.logprobs()[i]), "logprob known exactly for sampled tokens");
                assertEquals(model, Float.isFinite(a.entropies()[i]));
                if (model) {
                    assertTrue(a.logprobs()[i] <= 0 && a.refLogprobs()[i] <= 0 && a.entropies()[i] > 0);
                }
                if (a.roles()[i] == Role.TOOL_RESPONSE) {
                    float expected = t.run().equals("grpo-unmasked") ? 1f : 0f;
                    assertEquals(expected, a.lossWeights()[i]);
                }
                clipped += a.clipped()[i] ? 1 : 0;
            }
        }
        assertTrue(clipped > 0, "some tokens are clipped");
    }

    @Test
    void failuresOfEveryKindAreShown() {
        EnumSet<FinishReason> reasons = EnumSet.noneOf(FinishReason.class);
        samples.trajectories().forEach(t -> reasons.add(t.finishReason()));
        assertEquals(EnumSet.of(FinishReason.STOP, FinishReason.LENGTH, FinishReason.MAX_TURNS, FinishReason.TOOL_ERROR),
                reasons);
        List<Trajectory> all = samples.trajectories();
        assertTrue(all.stream().anyMatch(t -> !t.correct() && t.finalAnswer() != null && t.numToolCalls() == 0),
                "a guess without searching");
        assertTrue(all.stream().anyMatch(t -> t.tokens().text().contains("error:")), "a tool error observation");
        assertTrue(all.stream().anyMatch(t -> t.tokens().text().contains(" the the the the the the")), "a collapse");
        for (Trajectory t : all) {
            assertEquals(t.correct() ? 1.0 : t.finalAnswer() != null ? 0.1 : 0.0, t.reward(), 1e-12);
        }
    }

    @Test
    void curvesRiseWithTheStep() {
        for (Map<Integer, Map<String, Double>> curve : samples.metrics().values()) {
            assertEquals(SampleGenerator.STEPS, List.copyOf(curve.keySet()));
            Map<String, Double> first = curve.get(0);
            Map<String, Double> last = curve.get(50);
            assertEquals(StepMetrics.NAMES, List.copyOf(first.keySet()));
            assertTrue(last.get("accuracy") > first.get("accuracy") + 0.2, curve.toString());
            assertTrue(last.get("reward_mean") > first.get("reward_mean"));
            assertTrue(last.get("entropy_mean") < first.get("entropy_mean"));
            assertTrue(last.get("kl") > first.get("kl"));
        }
        Map<Integer, Map<String, Double>> masked = samples.metrics().get("grpo-searchr1-masked");
        assertTrue(masked.get(50).get("response_length_mean") > masked.get(10).get("response_length_mean"), masked.toString());
    }

    @Test
    void metricsAreComputedFromTheTrajectories() {
        List<Trajectory> step = samples.trajectories("grpo-unmasked").stream().filter(t -> t.step() == 20).toList();
        assertEquals(48, step.size());
        double accuracy = step.stream().filter(Trajectory::correct).count() / 48.0;
        assertEquals(accuracy, samples.metrics().get("grpo-unmasked").get(20).get("accuracy"), 1e-12);
        double calls = step.stream().mapToInt(Trajectory::numToolCalls).average().orElseThrow();
        assertEquals(calls, samples.metrics().get("grpo-unmasked").get(20).get("tool_calls_mean"), 1e-12);
    }

    @Test
    void committedSampleFilesAreTheGeneratorsOutputForSeedSeven() throws Exception {
        for (SampleGenerator.RunSpec run : SampleGenerator.RUNS) {
            java.nio.file.Path file = java.nio.file.Path.of("..", "samples", "trajectories", run.name() + ".jsonl");
            List<String> lines = java.nio.file.Files.readAllLines(file);
            List<String> expected = samples.trajectories(run.name()).stream().map(TrajectoryJsonl::toLine).toList();
            assertEquals(expected, lines, file + " is stale: regenerate with rwb samples --out samples/trajectories");
        }
    }

    @Test
    void problemsToolAnswersAndVerdictsAreTheEnvTasksOwn() {
        Map<String, TaskInstance> instances = new java.util.HashMap<>();
        for (String name : Tasks.NAMES) {
            for (int level = 1; level <= SimulatedTask.LEVELS; level++) {
                Tasks.byName(name).generate(7, SimulatedTask.PER_LEVEL, level, Split.TRAIN)
                        .forEach(i -> instances.put(i.id(), i));
            }
        }
        int calls = 0;
        int responses = 0;
        for (Trajectory t : samples.trajectories()) {
            TaskInstance instance = instances.get(t.promptId());
            assertNotNull(instance, "prompt " + t.promptId() + " is an instance of the env's " + t.task() + " generator");
            Task task = Tasks.byName(t.task());
            assertEquals(instance.groundTruth(), t.groundTruth());
            assertEquals(task.verify(instance, t.finalAnswer()).correct(), t.correct(), t.promptId());
            // Replays the calls on a fresh tool (as the episode had): each response is the real tool's answer.
            Tool tool = task.toolsFor(instance).get(0);
            List<String> pieces = pieces(t.tokens());
            responses += (int) pieces.stream().filter(p -> p.startsWith("<information>") || p.startsWith("<result>")).count();
            for (int i = 0; i + 1 < pieces.size(); i++) {
                String call = pieces.get(i);
                if (call.startsWith(tool.openTag()) && pieces.get(i + 1).startsWith("<information>")
                        || call.startsWith(tool.openTag()) && pieces.get(i + 1).startsWith("<result>")) {
                    String argument = call.substring(tool.openTag().length(), call.length() - tool.closeTag().length());
                    assertEquals(tool.call(argument).text(), pieces.get(i + 1), t.promptId() + " call " + call);
                    calls++;
                }
            }
        }
        assertTrue(calls > 0);
        assertEquals(responses, calls, "every tool response follows its call and was replayed");
    }

    /** The token text cut where the role changes (a tool call, its response, …). */
    private static List<String> pieces(TokenArrays a) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < a.length(); i++) {
            if (i > 0 && a.roles()[i] != a.roles()[i - 1]) {
                out.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(a.tokenText()[i]);
        }
        out.add(piece.toString());
        return out;
    }

    @Test
    void longTrajectoryHasAboutTheRequestedLength() {
        Trajectory t = generator.longTrajectory(32_000);
        assertTrue(Math.abs(t.tokens().length() - 32_000) < 200, "length " + t.tokens().length());
        assertTrue(t.correct());
        assertTrue(t.numToolCalls() > 100);
        assertEquals(generator.tokenizer().decode(t.tokens().tokenIds()), t.tokens().text());
    }
}
