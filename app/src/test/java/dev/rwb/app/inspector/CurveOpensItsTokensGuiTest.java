package dev.rwb.app.inspector;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * trl #5231: an entropy spike in a curve, clicked, opens the trajectories of that step sorted by
 * their mean entropy, with the step's per-token entropy histogram; a bar keeps only its trajectories.
 */
@ExtendWith(ApplicationExtension.class)
class CurveOpensItsTokensGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorViewModel model;
    InspectorView view;
    CurveChart chart;

    /** Four answer tokens, each with this entropy. */
    static Trajectory withEntropy(int step, int sample, float entropy) {
        TokenArrays.Builder b = TokenArrays.builder();
        b.add(1, "Q?", Role.PROMPT, 0);
        for (int i = 0; i < 4; i++) {
            b.add(10 + i, " a" + i, Role.ANSWER, 0, 1f, -0.5f, -0.5f, entropy, 0f, 0f, false);
        }
        return new Trajectory(0, "spiky", step, "p", "g" + step, sample, "arith", "a", "a", 1, Map.of(), true,
                FinishReason.STOP, 0, false, List.of(), b.build());
    }

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("curve.db"));
        float[][] entropies = {{0.2f, 0.3f, 0.25f}, {0.4f, 3.0f, 0.5f, 2.9f}, {0.3f, 0.2f}};
        for (int step = 0; step < entropies.length; step++) {
            for (int s = 0; s < entropies[step].length; s++) {
                store.insert(withEntropy(step, s, entropies[step][s]));
            }
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = new InspectorView(model);
        chart = new CurveChart("entropy", "entropy");
        chart.setCurve("entropy_mean", new double[]{0, 1, 2}, new double[]{0.25, 1.7, 0.25});
        chart.setOnPointClicked(p -> view.showStep("spiky", p.step(), p.curve()));
        BorderPane root = new BorderPane(view);
        chart.setPrefHeight(220);
        root.setTop(chart);
        stage.setScene(new Scene(root, 1200, 760));
        stage.show();
        model.refresh(() -> { });
    }

    @Test
    void clickingTheSpikeOpensItsStepSortedByEntropyAndABarFiltersToItsTrajectories(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(9, view.table().getItems().size(), "all steps before the click");
        robot.clickOn(chart.screenPositionOf(1, 1.7));
        WaitForAsyncUtils.waitForFxEvents();
        List<TrajectorySummary> rows = List.copyOf(view.table().getItems());
        assertEquals(4, rows.size(), "only step 1");
        assertTrue(rows.stream().allMatch(r -> r.step() == 1));
        List<Integer> order = rows.stream().map(TrajectorySummary::sampleIndex).toList();
        assertEquals(List.of(1, 3, 2, 0), order, "largest mean entropy first: 3.0, 2.9, 0.5, 0.4");
        assertEquals(rows.get(0).id(), view.selected().id(), "the top driver is opened");
        assertTrue(robot.lookup("#filter-ids").queryLabeled().getText().startsWith("step 1 of spiky, by entropy"));

        Node histogram = robot.lookup("#step-histogram").query();
        assertTrue(histogram.isVisible());
        var b = model.breakdownProperty().get();
        assertNotNull(b);
        assertEquals(16, b.bars().stream().mapToInt(x -> x.count()).sum(), "4 loss tokens × 4 trajectories");
        // the rightmost bar holds the two spiky trajectories' tokens
        List<Node> bars = new ArrayList<>(robot.lookup(".step-bar").queryAll());
        assertEquals(b.bars().size(), bars.size());
        Node top = bars.stream().max(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getX())).orElseThrow();
        robot.clickOn(top);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(1, 3), view.table().getItems().stream().map(TrajectorySummary::sampleIndex).toList(),
                "the last bar [2.87, 3.0]: the two spiky trajectories, in entropy order");
        robot.clickOn("#step-histogram-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!histogram.isVisible());
    }
}
