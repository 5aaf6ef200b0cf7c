package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.app.tokens.TokenMarks;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tag the open trajectory from the tag bar, filter by the tag, and note a selected token span. */
@ExtendWith(ApplicationExtension.class)
class TagsAndNotesGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("tags.db"));
        new TestTrajectories(3).groups("tags", 0, 2, 2).forEach(store::insert);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
        model.refresh(() -> view.table().getSelectionModel().select(1));
    }

    @Test
    void aTagTypedInTheBarIsStoredShownAndFilterable(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        long open = view.selected().id();
        robot.clickOn("#tag-field").write("reward hack");
        robot.clickOn("#tag-trajectory");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Map.of(open, List.of("reward hack")), store.tagsOf(List.of(open)));
        List<String> chips = robot.lookup(".tag-chip").queryAll().stream()
                .map(n -> ((Label) ((HBox) n).getChildren().get(0)).getText()).toList();
        assertEquals(List.of("tag: reward hack"), chips);

        @SuppressWarnings("unchecked")
        ComboBox<String> tag = robot.lookup("#filter-tag").queryAs(ComboBox.class);
        robot.interact(() -> model.tags().refreshNames());
        assertTrue(tag.getItems().contains("reward hack"), tag.getItems().toString());
        robot.interact(() -> tag.setValue("reward hack"));
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(open), view.table().getItems().stream().map(s -> s.id()).toList());

        // a note on the tokens selected in the token view
        robot.interact(() -> view.table().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        var doc = model.tokens().documentProperty().get();
        robot.interact(() -> view.tokenView().area().selectRange(doc.tokenStart(3), doc.tokenEnd(5)));
        int[] span = view.tokenView().selectedTokens();
        assertArrayEquals(new int[]{3, 5}, span);
        robot.interact(() -> model.tags().addNote(span[0], span[1], "the question, restated"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, store.notes(open).size());
        VBox lines = robot.lookup("#note-lines").queryAs(VBox.class);
        String line = ((Label) ((HBox) lines.getChildren().get(0)).getChildren().get(0)).getText();
        assertTrue(line.startsWith("✎ tokens 3–5 «") && line.endsWith("»: the question, restated"), line);
        TokenMarks marks = model.tokens().activeMarks();
        assertEquals(List.of(3, 4, 5), List.copyOf(marks.byToken().keySet()));
        assertEquals(TokenMarks.Kind.NOTE, marks.kindOf(4));
        assertTrue(view.tokenView().area().getStyleAtPosition(doc.tokenStart(4) + 1).contains("tok-mark-note"));
    }
}
