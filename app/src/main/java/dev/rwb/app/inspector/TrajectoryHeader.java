package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectorySummary;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

import java.util.Locale;

/** One line above the tokens naming the open trajectory and its outcome (icon word, not colour alone). */
final class TrajectoryHeader extends Label {
    TrajectoryHeader(InspectorViewModel model) {
        setId("trajectory-header");
        getStyleClass().add("trajectory-header");
        setPadding(new Insets(4, 8, 4, 8));
        setText("Select a trajectory in the table (j / k to move).");
        model.selectedProperty().addListener((obs, old, now) -> {
            setText(now == null ? "Select a trajectory in the table (j / k to move)." : describe(now));
            // the full error text (a stack-free exception message) in the tooltip; the line shows its start
            setTooltip(now == null || now.error() == null ? null : new Tooltip(now.error()));
        });
    }

    static String describe(TrajectorySummary s) {
        return String.format(Locale.ROOT, "#%d · %s · step %d · %s · sample %d of group %s · reward %s · %s · "
                        + "finish %s · %d tool calls · %d tokens · answer: %s (truth: %s)%s%s",
                s.id(), s.run(), s.step(), s.task(), s.sampleIndex(), s.groupId(), CorrectCell.reward(s),
                !s.correctnessKnown() ? "? correctness unknown (no reward recorded)" : s.correct() ? "✔ correct" : "✘ wrong", s.finishReason().key(), s.numToolCalls(), s.length(),
                s.finalAnswer() == null ? "—" : s.finalAnswer(), s.groundTruth(), s.textOnly() ? " · text-only" : "",
                s.error() == null ? "" : " · ⚠ scored 0, " + shorten(s.error()));
    }

    private static String shorten(String error) {
        return error.length() <= 120 ? error : error.substring(0, 119) + "…";
    }
}
