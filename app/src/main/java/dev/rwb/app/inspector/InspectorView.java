package dev.rwb.app.inspector;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.app.tokens.TokenView;
import dev.rwb.engine.store.TrajectorySummary;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The inspector window's content: runs on the left; filter, trajectory table and pager on the
 * right above the token view and group view. Owns the keyboard map of DESIGN §7.
 */
public final class InspectorView extends BorderPane {
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final InspectorViewModel model;
    private final TrajectoryTable table;
    private final FilterBar filterBar;
    private final TokenView tokenView;
    private final GroupView groupView;
    private final TabPane tabs;
    private final RunList runs;
    /** Set when "/" focused the filter, until the key's typed event has been swallowed. */
    private boolean swallowSlash;

    public InspectorView(InspectorViewModel model) {
        this.model = model;
        getStyleClass().add("inspector");
        table = new TrajectoryTable(model);
        filterBar = new FilterBar(model);
        tokenView = new TokenView(model.tokens());
        groupView = new GroupView(model);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.open(now);
            }
        });
        groupView.setOnOpen(this::openFromGroup);
        Tab tokensTab = new Tab("Tokens", new BorderPane(tokenView, new VBox(new TrajectoryHeader(model),
                new TagBar(model.tags(), tokenView, model.tokens())), null, new LintLines(model.lints()), null));
        tokensTab.setId("tab-tokens");
        Tab groupTab = new Tab("Group", groupView);
        groupTab.setId("tab-group");
        tabs = new TabPane(tokensTab, groupTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // a curve's point opens its step: the driver's histogram stands beside the table
        javafx.scene.layout.HBox tableRow = new javafx.scene.layout.HBox(table, new StepHistogram(model));
        javafx.scene.layout.HBox.setHgrow(table, javafx.scene.layout.Priority.ALWAYS);
        VBox top = new VBox(filterBar, tableRow, new PagerBar(model.list(), () -> table.getSelectionModel().selectFirst()));
        VBox.setVgrow(tableRow, javafx.scene.layout.Priority.ALWAYS);
        SplitPane right = new SplitPane(top, tabs);
        right.setOrientation(Orientation.VERTICAL);
        // with dense rows the table shows ~9 rows at the default size (1500×950), the token view the rest
        right.setDividerPositions(0.5);
        Label runsTitle = new Label("Runs (select to filter; none = all)");
        runsTitle.getStyleClass().add("pane-title");
        runs = new RunList(model);
        VBox left = new VBox(4, runsTitle, runs, runs.deleteButton(model));
        VBox.setVgrow(runs, javafx.scene.layout.Priority.ALWAYS);
        SplitPane main = new SplitPane(left, right);
        // A SplitPane turns its shares into pixels at its first layout (so the scene must have the
        // window's size by then, see WorkbenchApp.present); later the width a window gains or loses
        // goes to the table side only, so the runs pane stays as wide as it opened or was dragged.
        main.setDividerPositions(0.2); // 300 px of 1500: a run's second line (… · acc 61%) whole
        SplitPane.setResizableWithParent(left, false);
        // wide enough for the runs' two-line cells, never more than 420 px; the table gets the rest
        left.setMinWidth(180);
        left.setMaxWidth(420);
        Label status = new Label();
        status.setId("status-bar");
        status.getStyleClass().add("status-bar");
        status.textProperty().bind(model.statusProperty());
        setCenter(main);
        setBottom(status);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // "/" focuses the filter on KEY_PRESSED; its KEY_TYPED would then land in the field as text.
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowSlash && "/".equals(e.getCharacter())) {
                e.consume();
            }
            swallowSlash = false;
        });
    }

    private void onKey(KeyEvent e) {
        if (FIND.match(e)) {
            tabs.getSelectionModel().select(0);
            tokenView.openFind();
            e.consume();
            return;
        }
        if (e.isShortcutDown() || e.isAltDown() || isTyping(e.getTarget())) {
            return;
        }
        switch (e.getCode()) {
            case J -> moveSelection(+1);
            case K -> moveSelection(-1);
            case N -> tokenView.jumpTurn(+1);
            case P -> tokenView.jumpTurn(-1);
            case SLASH -> {
                swallowSlash = true;
                filterBar.textField().requestFocus();
                filterBar.textField().selectAll();
            }
            case G -> tabs.getSelectionModel().select(tabs.getSelectionModel().getSelectedIndex() == 0 ? 1 : 0);
            case DIGIT1, DIGIT2, DIGIT3, DIGIT4, DIGIT5, DIGIT6 ->
                    model.tokens().modeProperty().set(ColorMode.values()[e.getCode().ordinal() - KeyCode.DIGIT1.ordinal()]);
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Shows one run (e.g. just imported): reloads the runs, filters to it and opens its first trajectory. */
    public void showRun(String runName) {
        model.refresh(() -> runs.selectOnly(runName, () -> {
            tabs.getSelectionModel().select(0);
            table.getSelectionModel().selectFirst();
            table.reveal(0);
        }));
    }

    /** Opens the trajectories behind a point of a step-metric curve (see {@link InspectorViewModel#openStep}). */
    public void showStep(String run, int step, String metric) {
        tabs.getSelectionModel().select(0);
        model.openStep(run, step, metric, this::showOpenedStep);
    }

    /** {@link #showStep(String, int, String)} for the run with this DB id. */
    public void showStep(long runId, int step, String metric) {
        tabs.getSelectionModel().select(0);
        model.openStep(runId, step, metric, this::showOpenedStep);
    }

    /** Marks the step's run in the run list and opens the trajectory that drives the metric most. */
    private void showOpenedStep() {
        var b = model.breakdownProperty().get();
        runs.selectOnly(b.run(), () -> {
            table.getSelectionModel().selectFirst();
            table.reveal(0);
        });
    }

    /** A sample opened from the group view: show its tokens, and select its row when it is on this page. */
    private void openFromGroup(TrajectorySummary summary) {
        tabs.getSelectionModel().select(0);
        var rows = table.getItems();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() == summary.id()) {
                table.getSelectionModel().select(i); // the selection listener opens it
                table.reveal(i);
                return;
            }
        }
        table.getSelectionModel().clearSelection(); // not on this page: no other row may look selected
        model.open(summary);
    }

    private static boolean isTyping(Object target) {
        return target instanceof TextInputControl t && t.isEditable();
    }

    /** Selects the next (+1) or previous (−1) trajectory, turning the page at its ends. */
    public void moveSelection(int direction) {
        var selection = table.getSelectionModel();
        int i = selection.getSelectedIndex();
        int target = i + direction;
        if (i < 0) {
            selection.selectFirst();
        } else if (target >= 0 && target < table.getItems().size()) {
            selection.select(target);
        } else if (direction > 0) {
            model.list().nextPage(selection::selectFirst);
        } else {
            model.list().previousPage(selection::selectLast);
        }
        table.reveal(selection.getSelectedIndex());
    }

    public TrajectoryTable table() {
        return table;
    }

    public TokenView tokenView() {
        return tokenView;
    }

    public GroupView groupView() {
        return groupView;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** The selected row, if any. */
    public TrajectorySummary selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    Node filterField() {
        return filterBar.textField();
    }
}
