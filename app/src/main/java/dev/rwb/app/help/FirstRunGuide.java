package dev.rwb.app.help;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.prefs.Preferences;

/**
 * The short guide a new user sees on the first start, over the seeded DB: open a sample
 * trajectory, switch to the loss mask, launch the demo; each step with a button that does it. It is
 * shown once (remembered in the same preferences as the window's bounds), dismissed with "Got it",
 * and Help → First-run guide shows it again. The window places it over its top-right corner.
 */
public final class FirstRunGuide extends VBox {
    /** The preference that says the guide was shown once. */
    static final String SHOWN = "guide.shown";

    /** What the guide's buttons do, supplied by the composition root. */
    public interface Actions {
        /** Opens the first sample trajectory in the inspector. */
        void openSample();

        /** Colours the open trajectory by its loss mask. */
        void showLossMask();

        /** Switches to the Train tab with the demo preset loaded. */
        void prepareDemo();
    }

    private final Preferences prefs;
    private final Label intro = new Label();

    /**
     * @param demo what step 3 says about the demo: its preset name and, when measured, its wall time
     */
    public FirstRunGuide(Preferences prefs, Actions actions, String demo) {
        this.prefs = prefs;
        setId("first-run-guide");
        getStyleClass().add("first-run-guide");
        setSpacing(8);
        setPadding(new Insets(12, 14, 12, 14));
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        setPrefWidth(430);
        Label title = new Label("Welcome to Rollout Workbench");
        title.getStyleClass().add("guide-title");
        intro.setId("guide-intro");
        intro.setWrapText(true);
        describeDatabase(true, 0);
        GridPane steps = new GridPane();
        steps.setHgap(10);
        steps.setVgap(8);
        step(steps, 0, "1", "Open a sample trajectory: every token of a rollout, coloured by who wrote it.",
                button("guide-open-sample", "Open a sample", actions::openSample));
        step(steps, 1, "2", "Switch to Loss mask: which tokens got gradient (tool responses are masked out).",
                button("guide-loss-mask", "Show the loss mask", actions::showLossMask));
        step(steps, 2, "3", "Launch the demo: " + demo + ". The dashboard follows it live.",
                button("guide-demo", "Go to the demo", actions::prepareDemo));
        Label later = new Label("Keyboard shortcuts and this guide are under Help.");
        later.getStyleClass().add("hint");
        later.setWrapText(true);
        later.setMinWidth(0);
        Button dismiss = new Button("Got it");
        dismiss.setId("guide-dismiss");
        dismiss.getStyleClass().add("accent");
        dismiss.setOnAction(e -> dismiss());
        dismiss.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bottom = new HBox(8, later, gap, dismiss);
        bottom.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, intro, steps, bottom);
        managedProperty().bind(visibleProperty());
        setVisible(false);
    }

    /**
     * Says what the open database holds: the sample runs (the default database is seeded with them), or
     * only the user's own runs (a database opened with {@code --db} or File → Open), so the guide never
     * promises samples that are not there.
     */
    public void describeDatabase(boolean holdsSamples, int runs) {
        intro.setText(holdsSamples
                ? "This database holds two sample runs, so there is something to look at already. Three things to try:"
                : "This database holds " + (runs == 1 ? "1 run" : runs + " runs") + " of your own (the default database,"
                        + " ./rwb gui without --db, comes with two sample runs). Three things to try:");
    }

    /** Shows the guide if it was never shown with these preferences, and remembers that it was. */
    public boolean showIfFirstStart() {
        if (prefs.getBoolean(SHOWN, false)) {
            return false;
        }
        show();
        return true;
    }

    /** Shows it (Help → First-run guide) and remembers that it was shown. */
    public void show() {
        prefs.putBoolean(SHOWN, true);
        setVisible(true);
        toFront();
    }

    /** Hides it. */
    public void dismiss() {
        setVisible(false);
    }

    private static void step(GridPane grid, int row, String number, String text, Button action) {
        Label n = new Label(number);
        n.getStyleClass().add("guide-step-number");
        Label t = new Label(text);
        t.setWrapText(true);
        t.setPrefWidth(250);
        grid.addRow(row, n, t, action);
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }
}
