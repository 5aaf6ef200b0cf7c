package dev.rwb.app.compare;

import ai.djl.Device;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptConfig;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.rl.train.PolicyUpdate;
import dev.rwb.engine.rl.train.TrainingSample;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.simulate.SampleSet;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The what-if path recomputes a stored trajectory with its run's own recipe (clip, KL, aggregation,
 * mask policy, read from the run's stored config by {@link RunRecipes}); under the run's own policy
 * it must give back the stored contributions (1e-6) — for the sample runs, and for the trainer's
 * update under every sample config's recipe ({@code samples/configs}).
 */
class WhatIfRecomputeTest {
    static final double TOL = 1e-6;
    static final Path CONFIGS = Path.of("..", "samples", "configs");
    /** The simulated sample runs, generated once for both tests. */
    static final SampleGenerator GENERATOR = new SampleGenerator(7);
    static final SampleSet SAMPLES = GENERATOR.generate();

    @TempDir
    Path dir;

    @Test
    void sampleRunsRecomputeToTheirStoredContributions() {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("samples.db"))) {
            List<RunInfo> runs = SampleInstaller.install(store, SAMPLES);
            int nonZero = 0;
            for (RunInfo run : runs) {
                nonZero += checkRun(store, run.name());
            }
            assertTrue(nonZero > 1000, "the samples have real contributions to reproduce: " + nonZero);
        }
    }

    /**
     * Every sample config's recipe (and three more that exercise dual clip, KL in the loss, other
     * aggregations and off-policy epochs) drives the trainer's {@link PolicyUpdate} — batch
     * normalisers, ratios read from the training forward pass — on realistic episodes; the update's
     * records are stored as that run's trajectories and must come back through the what-if path.
     */
    @Test
    void everySampleConfigsUpdateRecomputesToItsStoredContributions() throws Exception {
        ComputeDevice.configureThreads(1);
        List<String> configs = new ArrayList<>();
        try (Stream<Path> s = Files.list(CONFIGS)) {
            for (Path f : s.filter(dev.rwb.engine.config.WallTimes::isRunConfig).sorted().toList()) {
                configs.add(Files.readString(f));
            }
        }
        assertTrue(configs.size() >= 6, configs.size() + " sample configs in " + CONFIGS.toAbsolutePath());
        configs.add("{\"name\": \"dr-grpo-kl\", \"algorithm\": {\"name\": \"dr_grpo\", \"epochs\": 2, \"minibatches\": 2},"
                + " \"kl\": {\"estimator\": \"k3\", \"placement\": \"loss\", \"beta\": 0.05}}");
        configs.add("{\"name\": \"seq-mean-k1-dual\", \"algorithm\": {\"epochs\": 3}, \"loss_aggregation\": \"seq_mean_token_mean\","
                + " \"kl\": {\"estimator\": \"k1\", \"placement\": \"loss\", \"beta\": 0.02}, \"clip\": {\"dual_clip\": 2}}");
        configs.add("{\"name\": \"reinforce-answer-only\", \"algorithm\": {\"name\": \"reinforce\", \"epochs\": 2},"
                + " \"mask\": {\"preset\": \"answer_only\"}}");
        SampleGenerator generator = GENERATOR;
        // two groups of eight arithmetic episodes (tool calls and tool responses), short enough to update in a blink
        List<Trajectory> episodes = SAMPLES.trajectories("grpo-unmasked").stream()
                .filter(t -> t.step() == SampleGenerator.STEPS.get(3) && t.task().equals("arithmetic")).limit(16).toList();
        int context = episodes.stream().mapToInt(t -> t.tokens().length()).max().orElseThrow();
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("updates.db"));
             GptPolicy policy = GptPolicy.create(GptConfig.tiny(generator.tokenizer().vocabSize(), context),
                     generator.tokenizer(), Device.cpu())) {
            for (String json : configs) {
                long t0 = System.nanoTime();
                RunConfig config = RunConfigReader.parse(json, "config");
                store(store, config, update(policy, TrainingRecipe.of(config), episodes));
                int nonZero = checkRun(store, config.name());
                System.out.println("WhatIfRecomputeTest " + config.name() + ": " + nonZero + " non-zero contributions, "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertTrue(nonZero > 50, config.name() + " has contributions to reproduce: " + nonZero);
            }
        }
    }

    /** The update of the run's recipe on the episodes, re-scored on-policy (log π_old = this policy's) as the trainer does. */
    private static List<TokenArrays> update(GptPolicy policy, TrainingRecipe recipe, List<Trajectory> episodes) {
        float[][][] old = policy.scoring().score(policy.manager(), episodes.stream().map(e -> e.tokens().tokenIds()).toList());
        List<TrainingSample> batch = new ArrayList<>();
        for (int i = 0; i < episodes.size(); i++) {
            TokenArrays e = episodes.get(i).tokens();
            float[] lp = old[i][0].clone();
            float[] ref = new float[lp.length];
            float[] adv = new float[lp.length];
            float advantage = e.advantages()[episodes.get(i).promptLength()];
            for (int t = 0; t < lp.length; t++) {
                // as the trainer: log π_old, log π_ref and A on every token after the prompt
                boolean response = e.roles()[t] != Role.PROMPT && t > 0;
                lp[t] = response ? lp[t] : Float.NaN;
                // a reference a little off the policy, so a KL term has a slope
                ref[t] = response ? lp[t] - 0.05f * (t % 3) : Float.NaN;
                adv[t] = response ? advantage : Float.NaN;
            }
            TokenArrays tokens = new TokenArrays(e.tokenIds(), e.tokenText(), e.roles(), e.turns(), e.lossWeights(), lp, ref,
                    e.entropies(), adv, e.contributions(), e.clipped());
            float[] w = recipe.maskPolicy().weights(tokens);
            batch.add(new TrainingSample(tokens.withUpdate(w, tokens.contributions(), tokens.clipped()), w, advantage));
        }
        RunConfig.Algorithm a = recipe.config().algorithm();
        PolicyUpdate update = new PolicyUpdate(new GradientStep(policy, recipe.optimizer()), recipe.loss(),
                recipe.contributions(), a.epochs(), a.minibatches(), recipe.config().entropyCoef() > 0);
        // the config's own learning rate: later epochs move ρ off 1 as much as in a real run
        return update.update(batch, recipe.learningRateSchedule().at(1), new Random(1)).records();
    }

    private static void store(WorkbenchStore store, RunConfig config, List<TokenArrays> records) {
        RunInfo run = store.createRun(config.name(), "rl", RunConfigReader.toJson(config));
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(new Trajectory(0, run.name(), 1, "p" + i / 8, "g" + i / 8, i % 8, "kb-search", "", null, 0,
                    Map.of(), false, FinishReason.STOP, 0, false, List.of(), records.get(i)));
        }
        store.insertAll(out);
    }

    /** Checks every trajectory of a run; returns how many of its tokens have a non-zero contribution. */
    private static int checkRun(WorkbenchStore store, String run) {
        RunRecipes.RunRecipe recipe = new RunRecipes(store).apply(run);
        assertTrue(recipe.runsOwn(), run + " has a run config of its own: " + recipe.source());
        TrainingRecipe r = recipe.recipe();
        int nonZero = 0;
        List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().run(run).page(0, 10_000).build()).rows();
        assertFalse(rows.isEmpty(), run + " has trajectories");
        for (TrajectorySummary row : rows) {
            Trajectory t = store.load(row.id());
            TokenArrays stored = t.tokens();
            WhatIfMasking w = WhatIfMasking.of(stored, r.maskPolicy(), r.contributions());
            String where = run + " trajectory " + row.id() + " (" + w.ratios() + ")";
            assertArrayEquals(stored.lossWeights(), w.afterWeights(), where + ": the run's policy gives its stored weights");
            assertArrayEquals(stored.contributions(), w.before().contributions(), (float) TOL, where);
            assertArrayEquals(stored.contributions(), w.after().contributions(), (float) TOL, where);
            for (float c : stored.contributions()) {
                nonZero += c != 0 ? 1 : 0;
            }
        }
        return nonZero;
    }

}
