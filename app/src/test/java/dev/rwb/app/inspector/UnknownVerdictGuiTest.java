package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dump without rewards: its verdicts are unknown, shown as "—" and "?", and no accuracy is claimed. */
@ExtendWith(ApplicationExtension.class)
class UnknownVerdictGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("unknown.db"));
        List<Trajectory> rewarded = new TestTrajectories(3).groups("scored", 0, 1, 4);
        List<Trajectory> unscored = new ArrayList<>();
        for (Trajectory t : new TestTrajectories(4).groups("unscored", 0, 1, 4)) {
            unscored.add(new Trajectory(0, t.run(), t.step(), t.promptId(), t.groupId(), t.sampleIndex(), t.task(),
                    t.groundTruth(), t.finalAnswer(), Double.NaN, Map.of(), false, t.finishReason(), t.numToolCalls(),
                    t.textOnly(), t.policySegments(), t.tokens()));
        }
        store.insertAll(rewarded);
        store.insertAll(unscored);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
        model.refresh(() -> view.table().getSelectionModel().selectFirst());
    }

    private Set<String> cellTexts(FxRobot robot, String columnId) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getTableColumn() != null
                        && columnId.equals(c.getTableColumn().getId()) && !c.isEmpty() && c.getTableRow() != null
                        && c.getTableRow().getItem() instanceof dev.rwb.engine.store.TrajectorySummary s
                        && s.run().equals("unscored"))
                .queryAllAs(TableCell.class).stream().map(c -> c.getText()).collect(Collectors.toSet());
    }

    @Test
    void noRewardMeansDashAndQuestionMarkNeverWrongOrZeroPercent(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("—"), cellTexts(robot, "col-reward"));
        assertEquals(Set.of("?"), cellTexts(robot, "col-correct"));

        RunSummary unscored = model.runs().stream().filter(r -> r.run().name().equals("unscored")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(unscored.accuracy()), "no verdicts, no accuracy");
        assertTrue(Double.isNaN(unscored.meanReward()), "no rewards, no mean reward");
        RunSummary scored = model.runs().stream().filter(r -> r.run().name().equals("scored")).findFirst().orElseThrow();
        assertFalse(Double.isNaN(scored.accuracy()));
        assertTrue(robot.lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith("unscored") && c.getText().endsWith("acc —")));

        int row = -1;
        for (int i = 0; i < view.table().getItems().size(); i++) {
            if (view.table().getItems().get(i).run().equals("unscored")) {
                row = i;
                break;
            }
        }
        int unscoredRow = row;
        WaitForAsyncUtils.asyncFx(() -> view.table().getSelectionModel().select(unscoredRow)).get();
        WaitForAsyncUtils.waitForFxEvents();
        String header = robot.lookup(".trajectory-header").queryAs(Label.class).getText();
        assertTrue(header.contains("reward —") && header.contains("correctness unknown"), header);
        assertFalse(header.contains("wrong"), header);
    }
}
