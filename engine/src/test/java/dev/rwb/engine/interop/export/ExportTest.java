package dev.rwb.engine.interop.export;

import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportTest {

    @Test
    void importThenExportGivesTheSameBytes(@TempDir Path dir) throws Exception {
        List<Trajectory> ts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ts.add(TestTrajectories.searchEpisode(i % 3 == 0 ? "a" : "b", i / 10, "g" + i / 5, i % 5, i * 0.01,
                    i % 2 == 0, "Ada"));
        }
        Path in = dir.resolve("in.jsonl");
        TrajectoryJsonl.write(ts, in);
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            Importers.importInto(store, in, ImportFormat.RWB, ImportOptions.defaults());
            StringWriter out = new StringWriter();
            assertEquals(250, JsonlExporter.export(store, null, out));
            // Stored in file order, exported in id order: byte-identical round trip (more than one page).
            assertArrayEquals(Files.readAllBytes(in), out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringWriter onlyA = new StringWriter();
            assertEquals(84, JsonlExporter.export(store, "a", onlyA));
        }
    }

    @Test
    void metricsBecomeAWideCsv() throws Exception {
        StringWriter out = new StringWriter();
        int rows = MetricsCsvExporter.export(List.of(new StepMetric(1, "reward_mean", 0.5),
                new StepMetric(1, "kl", 0.01), new StepMetric(2, "reward_mean", 0.75), new StepMetric(2, "kl", Double.NaN),
                new StepMetric(3, "a,b", 3)), out);
        assertEquals(3, rows);
        assertEquals("step,\"a,b\",kl,reward_mean\n1,,0.01,0.5\n2,,,0.75\n3,3,,\n", out.toString());
    }

    @Test
    void trajectoryPageColoursTokensAndNeedsNoNetwork() {
        Trajectory t = TestTrajectories.searchEpisode("r", 3, "g", 0, 1.0, true, "Ada<&>");
        String html = TrajectoryHtml.render(t, TokenColoring.ADVANTAGE);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "self-contained: no links, no scripts");
        assertTrue(html.contains("Ada&lt;&amp;&gt;"), "text is escaped");
        // Advantage +0.5 on every model token of a symmetric scale [-0.5, 0.5] → the darkest RdBu blue.
        assertTrue(html.contains("background:#053061"), html);
        // Tool-response tokens are masked: hatched class, no heat background.
        assertTrue(html.contains("class=\"t m\" style=\"border-bottom-color:#009e73\""), "masked tool response");
        assertTrue(html.contains("title=\"&lt;information&gt; | id 110 | tool_response | turn 0 | weight 0"), html);
        assertTrue(html.contains("¶"), "newlines are visible");
        assertEquals("#f7f7f7", ColorScale.diverging(0, 1));
        assertEquals("#67001f", ColorScale.diverging(-5, 1));
        assertEquals("#440154", ColorScale.sequential(0, 0, 1));
        assertEquals("#fde725", ColorScale.sequential(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TokenColoring.parse("rainbow"));
    }

    @Test
    void runPageHasAnSvgChartPerMetric(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            RunInfo run = store.createRun("grpo-1", "rl", "{\"algorithm\": \"grpo\"}");
            for (int s = 1; s <= 4; s++) {
                store.addStepMetrics(run.id(), s, Map.of("reward_mean", s * 0.1, "kl", 0.01 * s));
                store.insert(TestTrajectories.searchEpisode("grpo-1", s, "g", 0, s * 0.25, s > 2, "Ada"));
            }
            String html = RunHtml.render(store, store.findRun("grpo-1").orElseThrow());
            assertEquals(5, html.split("<svg ", -1).length - 1, "kl, reward_mean, and 3 trajectory charts");
            assertTrue(html.contains("<title>step 4: 0.4000</title>"), html);
            assertTrue(html.contains("mean response length"));
            assertTrue(html.contains("&quot;algorithm&quot;"));
        }
    }

    @Test
    void verlConfigMapsKnownKeysAndListsTheRest() {
        VerlLaunchConfig c = VerlLaunchConfig.fromConfigJson("{\"algorithm\": \"dr_grpo\", \"group_size\": 8, "
                + "\"learning_rate\": 1e-6, \"kl_coef\": 0.001, \"kl_type\": \"k3\", \"clip_low\": 0.2, "
                + "\"clip_high\": 0.28, \"mask_policy\": \"search-r1\", \"max_response_length\": 512, "
                + "\"batch_size\": 64, \"length_penalty\": 0.1, \"partial_rollouts\": true}");
        Map<String, String> o = c.overrides();
        assertEquals("grpo", o.get("algorithm.adv_estimator"));
        assertEquals("False", o.get("algorithm.norm_adv_by_std_in_grpo"));
        assertEquals("seq-mean-token-sum-norm", o.get("actor_rollout_ref.actor.loss_agg_mode"));
        assertEquals("8", o.get("actor_rollout_ref.rollout.n"));
        assertEquals("1.0E-6", o.get("actor_rollout_ref.actor.optim.lr"));
        assertEquals("True", o.get("actor_rollout_ref.actor.use_kl_loss"));
        assertEquals("0.001", o.get("actor_rollout_ref.actor.kl_loss_coef"));
        assertEquals("low_var_kl", o.get("actor_rollout_ref.actor.kl_loss_type"));
        assertEquals("0.2", o.get("actor_rollout_ref.actor.clip_ratio_low"));
        assertEquals("0.28", o.get("actor_rollout_ref.actor.clip_ratio_high"));
        assertEquals("True", o.get("actor_rollout_ref.rollout.multi_turn.enable"));
        assertEquals("512", o.get("data.max_response_length"));
        assertEquals("64", o.get("data.train_batch_size"));
        assertEquals(2, c.unmapped().size());
        assertTrue(c.unmapped().get(0).startsWith("length_penalty: no verl equivalent"));
        String cmd = c.toCommand();
        assertTrue(cmd.contains("python3 -m verl.trainer.main_ppo \\\n    algorithm.adv_estimator=grpo"), cmd);
        assertTrue(cmd.contains("# not mapped: partial_rollouts"));
        String yaml = c.toYaml();
        assertTrue(yaml.contains("actor_rollout_ref:\n  actor:\n"), yaml);
        assertTrue(yaml.contains("    clip_ratio_high: 0.28\n"), yaml);
        assertTrue(yaml.contains("  norm_adv_by_std_in_grpo: false\n"), yaml);
        assertThrows(IllegalArgumentException.class, () -> VerlLaunchConfig.fromConfigJson("[1]"));
    }
}
