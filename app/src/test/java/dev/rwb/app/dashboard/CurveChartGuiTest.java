package dev.rwb.app.dashboard;

import atlantafx.base.theme.PrimerLight;
import dev.rwb.app.WorkbenchApp;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chart under the workbench's real theme (AtlantaFX + workbench.css), as the app shows it. */
@ExtendWith(ApplicationExtension.class)
class CurveChartGuiTest {
    private static final Logger CSS_LOG = Logger.getLogger("javafx.css");
    private final List<String> cssWarnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            cssWarnings.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    CurveChart chart;

    @BeforeEach
    void listen() {
        CSS_LOG.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        CSS_LOG.removeHandler(capture);
    }

    @AfterAll
    static void restoreModena() {
        Application.setUserAgentStylesheet(null);
    }

    @Start
    void start(Stage stage) {
        CSS_LOG.addHandler(capture);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        chart = new CurveChart("reward", "reward_mean");
        Scene scene = new Scene(chart, 700, 400);
        scene.getStylesheets().add(WorkbenchApp.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void chartfxGridStylesResolveUnderTheWorkbenchTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> chart.setCurve("reward", new double[] {1, 2, 3}, new double[] {0.1, 0.4, 0.3})).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> chart.applyCss()).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), cssWarnings.stream().filter(w -> w.contains("ClassCastException")).toList());
    }

    @Test
    void stepTicksAreWholeLabelsReadableAndSparseCurvesHaveMarkers() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            chart.setCurve("reward", new double[] {1, 2, 3, 4, 5}, new double[] {0, 12000, 23000, 31000, 52000});
            chart.setCurve("eval", new double[] {5}, new double[] {30000});
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> chart.layout()).get();
        WaitForAsyncUtils.waitForFxEvents();
        var stepTicks = chart.stepAxis().getTickMarks();
        assertTrue(!stepTicks.isEmpty());
        for (var t : stepTicks) {
            assertEquals(Math.rint(t.getValue()), t.getValue(), 1e-9, "step tick at " + t.getValue());
            assertTrue(t.getText().matches("\\d+"), t.getText());
        }
        var valueTicks = chart.valueAxis().getTickMarks();
        assertTrue(!valueTicks.isEmpty());
        for (var t : valueTicks) {
            assertTrue(!t.getText().contains("E"), "exponent label " + t.getText());
        }
        assertTrue(chart.drawsMarkers(), "a single-point curve is drawn with a marker");
        WaitForAsyncUtils.asyncFx(() -> chart.setCurve("eval", new double[40], new double[40])).get();
        WaitForAsyncUtils.asyncFx(() -> chart.setCurve("reward", new double[40], new double[40])).get();
        assertTrue(!chart.drawsMarkers(), "dense curves are lines only");
    }

    @Test
    void numberLabelsReadAsPlainNumbers() {
        assertEquals("0", CurveChart.readableLabel(0));
        assertEquals("0.035", CurveChart.readableLabel(0.035));
        assertEquals("2.5", CurveChart.readableLabel(2.5));
        assertEquals("1,500", CurveChart.readableLabel(1500));
        assertEquals("10k", CurveChart.readableLabel(10_000));
        assertEquals("12.5k", CurveChart.readableLabel(12_500));
        assertEquals("3.2M", CurveChart.readableLabel(3_200_000));
        assertEquals("-0.25", CurveChart.readableLabel(-0.25));
        assertEquals(1, CurveChart.wholeTickUnit(0.5));
        assertEquals(2, CurveChart.wholeTickUnit(1.7));
        assertEquals(5, CurveChart.wholeTickUnit(2.5));
        assertEquals(50, CurveChart.wholeTickUnit(31));
    }
}
