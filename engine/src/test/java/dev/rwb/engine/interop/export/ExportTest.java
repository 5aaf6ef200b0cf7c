package dev.rwb.engine.interop.export;

import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
        String html = TrajectoryHtml.render(t, ColorMode.ADVANTAGE);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script")
                        || html.contains("<link") || html.contains("src="), "self-contained: no links, no scripts");
        Document page = Jsoup.parse(html);
        assertTrue(page.select(".tokens").text().contains("Ada<&>"), "text is escaped and shown");
        // Advantage +0.5 on every model token of its own symmetric scale [-0.5, 0.5] → the darkest RdBu bin.
        Element reasoning = page.select(".tokens > span.t").get(4);
        assertTrue(reasoning.hasClass(TrajectoryHtml.binClass(ColorMode.ADVANTAGE, 2 * HeatScale.SIGNED_HALF_BINS)),
                reasoning.className());
        assertTrue(html.contains("#mode-advantage:checked~.tokens ." + TrajectoryHtml.binClass(ColorMode.ADVANTAGE,
                2 * HeatScale.SIGNED_HALF_BINS) + "{background:#053061;color:#fff}"));
        // Tool-response tokens are masked: hatched class, no heat class.
        Element tool = page.select(".tokens > span.t").get(10);
        assertEquals(java.util.Set.of("t", "r-tool-response", "m"), tool.classNames());
        assertTrue(tool.attr("title").startsWith("<information> | id 110 | tool_response | turn 0 | weight 0"));
        assertTrue(html.contains("¶"), "newlines are visible");
    }

    @Test
    void trajectoryPageOffersEveryColourModeOfTheAppWithTheAppsColours() {
        Trajectory t = TestTrajectories.searchEpisode("r", 3, "g", 0, 0.9, true, "Ada");
        ScaleContext ctx = new ScaleContext("r", 0.8, 0.08, Double.NaN, Double.NaN, 0, false);
        Document page = Jsoup.parse(TrajectoryHtml.render(t, ColorMode.LOSS_MASK, ScaleScope.RUN, ctx));
        String css = page.select("style").html();
        for (ColorMode m : ColorMode.values()) {
            Element radio = page.getElementById("mode-" + m.key());
            assertEquals("radio", radio.attr("type"), m.name());
            assertEquals(m == ColorMode.LOSS_MASK, radio.hasAttr("checked"), m.name());
            assertEquals(m.label(), page.select("label[for=mode-" + m.key() + "]").text());
            Element legend = page.selectFirst(".lg-" + m.key());
            assertTrue(legend.text().contains(LegendText.palette(m)), m + ": the legend names its palette");
            if (m == ColorMode.ROLE) {
                continue;
            }
            HeatScale scale = HeatScale.fit(m, t.tokens(), ScaleScope.RUN, ctx);
            assertTrue(legend.text().contains(scale.scaleText()), m + ": the legend says which scale is in use");
            for (int b = 0; b < scale.binCount(); b++) {
                assertTrue(css.contains("#mode-" + m.key() + ":checked~.tokens ." + TrajectoryHtml.binClass(m, b)
                        + "{background:" + scale.binHex(b) + ";"), m + " bin " + b);
            }
            // Every unmasked token with a value carries the bin the engine's scale gives it.
            List<Element> spans = page.select(".tokens > span.t");
            for (int i = 0; i < t.tokens().length(); i++) {
                float v = m.values(t.tokens())[i];
                if (t.tokens().lossWeights()[i] > 0 && Float.isFinite(v)) {
                    assertTrue(spans.get(i).hasClass(TrajectoryHtml.binClass(m, scale.bin(v))), m + " token " + i);
                }
            }
        }
        assertTrue(page.selectFirst(".lg-contribution").text().contains("one scale per run, ±0.08"));
        // Role: the same hex as the app's table, as underline and as the role-mode tint.
        for (Role r : Role.values()) {
            String k = r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertTrue(css.contains(".r-" + k + "{border-bottom-color:" + RoleColors.hex(r) + "}"), r.name());
            assertTrue(css.contains("#mode-role:checked~.tokens .r-" + k + "{background:" + RoleColors.tintHex(r)
                    + "}"), r.name());
        }
    }

    @Test
    void trajectoryPageWrapsBetweenTokensNeverInsideOne() {
        Trajectory t = TestTrajectories.searchEpisode("r", 3, "g", 0, 0.9, true, "Ada Lovelace of London");
        String html = TrajectoryHtml.render(t, ColorMode.CONTRIBUTION);
        Document page = Jsoup.parse(html);
        String css = page.select("style").html();
        assertTrue(css.contains(".t{white-space:pre;"), "a token keeps its spaces and never wraps inside");
        assertFalse(css.contains("break-all") || css.contains("break-word") || css.contains("anywhere"),
                "no rule that breaks inside words");
        // The token area holds only token spans, each pair separated by exactly one <wbr>: the only wrap points.
        List<org.jsoup.nodes.Node> nodes = page.selectFirst(".tokens").childNodes();
        assertEquals(2 * t.tokens().length() - 1, nodes.size());
        for (int k = 0; k < nodes.size(); k++) {
            org.jsoup.nodes.Node n = nodes.get(k);
            if (k % 2 == 1) {
                assertEquals("wbr", n.nodeName(), "separator " + k);
            } else {
                Element span = (Element) n;
                assertTrue(span.hasClass("t"), "token " + k / 2);
                assertTrue(span.select("wbr").isEmpty(), "no wrap point inside token " + k / 2);
            }
        }
        assertEquals(" Ada Lovelace of London", page.select(".tokens > span.t").get(15).wholeText());
    }

    @Test
    void trajectoryPageLabelsAGroupWithoutSignal() {
        Trajectory a = TestTrajectories.searchEpisode("r", 3, "g", 0, 0.1, false, "x");
        Trajectory b = TestTrajectories.searchEpisode("r", 3, "g", 1, 0.1, false, "y");
        Document page = Jsoup.parse(TrajectoryHtml.render(a, ColorMode.ADVANTAGE, ScaleScope.RUN,
                ScaleContext.of("r", 0.4, 0.04, List.of(a, b))));
        assertEquals("no signal (all rewards equal)", page.getElementById("no-signal").text());
        assertEquals(null, Jsoup.parse(TrajectoryHtml.render(a, ColorMode.ADVANTAGE)).getElementById("no-signal"));
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
}
