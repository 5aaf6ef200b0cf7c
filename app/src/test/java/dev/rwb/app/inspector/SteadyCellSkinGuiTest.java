package dev.rwb.app.inspector;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trajectory table's cells on a page change: a text cell keeps its text node in the scene (JavaFX's
 * own cell takes it out and puts it back, which re-runs its CSS match), shows the new text, and a
 * verdict cell keeps one icon whose glyph and state follow the value.
 */
@ExtendWith(ApplicationExtension.class)
class SteadyCellSkinGuiTest {
    record Row(String name, Boolean verdict) {
    }

    /** More rows than the table shows, so that every cell on screen has a row before and after a page change. */
    static final int PAGE = 40;
    /** Rows surely on screen (the 500×400 table shows about 15). */
    static final int SHOWN = 10;
    final ObservableList<Row> rows = FXCollections.observableArrayList();
    TableView<Row> table;

    @Start
    void start(Stage stage) {
        table = new TableView<>(rows);
        TableColumn<Row, String> steady = new TableColumn<>("steady");
        steady.setId("steady");
        steady.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        steady.setCellFactory(c -> new TextCell<>());
        TableColumn<Row, String> plain = new TableColumn<>("plain");
        plain.setId("plain");
        plain.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        TableColumn<Row, Boolean> verdict = new TableColumn<>("verdict");
        verdict.setId("verdict");
        verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().verdict()));
        verdict.setCellFactory(c -> new CorrectCell<>());
        table.getColumns().addAll(List.of(steady, plain, verdict));
        rows.setAll(page("a", 0, PAGE));
        stage.setScene(new Scene(table, 500, 400));
        stage.show();
    }

    private static List<Row> page(String prefix, int offset, int n) {
        List<Row> page = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = offset + i;
            page.add(new Row(prefix + k, k % 3 == 0 ? null : k % 3 == 1));
        }
        return page;
    }

    /** The table's cell of {@code column} at {@code index}. */
    @SuppressWarnings("unchecked")
    private <T> TableCell<Row, T> cell(FxRobot robot, String column, int index) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getTableColumn() != null
                && column.equals(c.getTableColumn().getId()) && c.getIndex() == index).queryAs(TableCell.class);
    }

    private static Text textNode(TableCell<?, ?> cell) {
        return (Text) cell.getChildrenUnmodifiable().stream().filter(n -> n instanceof Text && !(n instanceof FontIcon))
                .findFirst().orElseThrow(() -> new AssertionError("no text node in " + cell.getChildrenUnmodifiable()));
    }

    /** The table's cells of {@code column}: those of its rows and of the empty rows below them. */
    private static List<TableCell<?, ?>> all(FxRobot robot, String column) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getTableColumn() != null
                && column.equals(c.getTableColumn().getId())).queryAllAs(TableCell.class)
                .stream().<TableCell<?, ?>>map(c -> c).toList();
    }

    @Test
    void aPageChangeChangesTheTextsAndKeepsTheNodes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        List<TableCell<?, ?>> steadyCells = all(robot, "steady");
        assertTrue(steadyCells.size() >= SHOWN, steadyCells.size() + " cells");
        AtomicInteger steadyMoves = new AtomicInteger();
        AtomicInteger plainMoves = new AtomicInteger();
        AtomicInteger iconMoves = new AtomicInteger();
        steadyCells.forEach(c -> count(c, steadyMoves));
        all(robot, "plain").forEach(c -> count(c, plainMoves));
        all(robot, "verdict").forEach(c -> count(c, iconMoves));
        List<FontIcon> icons = all(robot, "verdict").stream().map(c -> ((CorrectCell<?>) c).icon()).toList();

        // the next page: the table empties each cell and fills it again
        WaitForAsyncUtils.asyncFx(() -> rows.setAll(page("b", 100, PAGE))).get();
        WaitForAsyncUtils.waitForFxEvents();

        for (int i = 0; i < SHOWN; i++) {
            TableCell<Row, String> steady = cell(robot, "steady", i);
            assertEquals("b" + (100 + i), steady.getText());
            assertEquals("b" + (100 + i), textNode(steady).getText(), "the text node shows the new text");
            assertTrue(steadyCells.contains(steady), "the table reuses its cells");
            assertEquals("b" + (100 + i), this.<String>cell(robot, "plain", i).getText());
        }
        assertEquals(0, steadyMoves.get(), "our text cells kept their children");
        // what the skin saves: JavaFX's own cell re-adds its text node for every new text
        assertTrue(plainMoves.get() >= SHOWN, "JavaFX's own cells changed their children " + plainMoves.get() + " times");
        System.out.println("SteadyCellSkinGuiTest: on one page change JavaFX's own cells changed their children "
                + plainMoves.get() + " times, ours 0");

        // k = 100 + i: k % 3 == 0 is an unknown verdict, 1 correct, 2 wrong
        for (int i = 0; i < SHOWN; i++) {
            CorrectCell<Row> verdict = (CorrectCell<Row>) this.<Boolean>cell(robot, "verdict", i);
            assertTrue(icons.contains(verdict.icon()), "one icon node for the cell's life");
            assertSame(verdict.icon(), verdict.getGraphic());
            int k = 100 + i;
            String[] texts = {"?", "correct", "wrong"};
            String[] states = {"unknown", "correct", "wrong"};
            FontAwesomeSolid[] glyphs = {FontAwesomeSolid.QUESTION_CIRCLE, FontAwesomeSolid.CHECK_CIRCLE, FontAwesomeSolid.TIMES_CIRCLE};
            assertEquals(texts[k % 3], verdict.getText(), "row " + i);
            assertState(verdict.icon(), states[k % 3], glyphs[k % 3]);
            assertTrue(verdict.icon().isVisible());
        }
        assertEquals(0, iconMoves.get(), "the verdict cells kept their children");
    }

    /** Counts the changes of a cell's children (the label skin's re-adding of its text node and graphic). */
    private static void count(TableCell<?, ?> cell, AtomicInteger changes) {
        cell.getChildrenUnmodifiable().addListener((javafx.collections.ListChangeListener<Node>) c -> changes.incrementAndGet());
    }

    @Test
    void aCellThatGoesEmptyShowsNothingAndComesBack(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> rows.setAll(page("short", 0, 3))).get();
        WaitForAsyncUtils.waitForFxEvents();
        List<TableCell<?, ?>> emptyText = all(robot, "steady").stream().filter(TableCell::isEmpty).toList();
        assertTrue(emptyText.size() >= SHOWN - 3, "the rows below a 3-row page are empty: " + emptyText.size());
        for (TableCell<?, ?> c : emptyText) {
            assertEquals(null, c.getText());
            assertEquals("", textNode(c).getText(), "an empty cell draws no text");
        }
        List<TableCell<?, ?>> emptyVerdicts = all(robot, "verdict").stream().filter(TableCell::isEmpty).toList();
        assertTrue(emptyVerdicts.size() >= SHOWN - 3);
        for (TableCell<?, ?> c : emptyVerdicts) {
            assertEquals(null, c.getText());
            assertFalse(((CorrectCell<?>) c).icon().isVisible(), "an empty cell shows no verdict icon");
        }

        WaitForAsyncUtils.asyncFx(() -> rows.setAll(page("long", 10, PAGE))).get();
        WaitForAsyncUtils.waitForFxEvents();
        TableCell<Row, String> again = cell(robot, "steady", 5);
        assertEquals("long15", again.getText());
        assertEquals("long15", textNode(again).getText());
        CorrectCell<Row> verdictAgain = (CorrectCell<Row>) this.<Boolean>cell(robot, "verdict", 5);
        assertTrue(verdictAgain.icon().isVisible());
        assertEquals("?", verdictAgain.getText(), "k = 15, a multiple of 3: unknown");
        assertState(verdictAgain.icon(), "unknown", FontAwesomeSolid.QUESTION_CIRCLE);
    }

    private static void assertState(FontIcon icon, String state, FontAwesomeSolid glyph) {
        for (String s : List.of("correct", "wrong", "unknown")) {
            assertEquals(s.equals(state), icon.getPseudoClassStates().contains(PseudoClass.getPseudoClass(s)),
                    "pseudo-class :" + s + " of a " + state + " verdict");
        }
        assertEquals(glyph, icon.getIconCode());
    }
}
