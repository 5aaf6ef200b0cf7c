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
}
