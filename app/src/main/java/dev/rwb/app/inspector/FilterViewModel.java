package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.trajectory.FinishReason;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Set;

/**
 * The filter bar's fields, as typed, and their translation into a store query. Number fields
 * are text so a half-typed value never throws; a value that does not parse is reported in
 * {@link #errorProperty()} naming the field, and the query is not run.
 */
public final class FilterViewModel {
    private final StringProperty minStep = new SimpleStringProperty("");
    private final StringProperty maxStep = new SimpleStringProperty("");
    private final ObjectProperty<String> task = new SimpleObjectProperty<>();
    private final StringProperty minReward = new SimpleStringProperty("");
    private final StringProperty maxReward = new SimpleStringProperty("");
    private final ObjectProperty<Boolean> correct = new SimpleObjectProperty<>();
    private final ObjectProperty<FinishReason> finishReason = new SimpleObjectProperty<>();
    private final StringProperty minToolCalls = new SimpleStringProperty("");
    private final StringProperty maxToolCalls = new SimpleStringProperty("");
    private final StringProperty text = new SimpleStringProperty("");
    /** A lint code key, {@link TrajectoryQuery#ANY_LINT} for "has a lint", or null for any trajectory. */
    private final ObjectProperty<String> lint = new SimpleObjectProperty<>();
    /** A tag of the trajectory or its run, or null for any trajectory. */
    private final ObjectProperty<String> tag = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** Only these trajectories, in this order (from a curve's point or a histogram bar); empty = no such criterion. */
    private java.util.List<Long> ids = java.util.List.of();
    private final StringProperty idsLabel = new SimpleStringProperty("");

    /** A query builder for the current fields and runs, or null (with {@link #errorProperty()} set). */
    public TrajectoryQuery.Builder toQuery(Set<String> runs) {
        try {
            TrajectoryQuery.Builder b = TrajectoryQuery.builder()
                    .runs(runs)
                    .stepRange(integer("step from", minStep.get()), integer("step to", maxStep.get()))
                    .task(task.get())
                    .rewardRange(decimal("reward from", minReward.get()), decimal("reward to", maxReward.get()))
                    .correct(correct.get())
                    .finishReason(finishReason.get())
                    .toolCallRange(integer("tool calls from", minToolCalls.get()),
                            integer("tool calls to", maxToolCalls.get()))
                    .textContains(text.get() == null || text.get().isBlank() ? null : text.get())
                    .lint(lint.get())
                    .tag(tag.get())
                    .ids(ids);
            error.set("");
            return b;
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return null;
        }
    }

    /** Empties every field. */
    public void clear() {
        for (StringProperty p : new StringProperty[]{minStep, maxStep, minReward, maxReward, minToolCalls,
                maxToolCalls, text}) {
            p.set("");
        }
        task.set(null);
        correct.set(null);
        finishReason.set(null);
        lint.set(null);
        tag.set(null);
        clearIds();
        error.set("");
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value.trim() + "' is not a whole number");
        }
    }

    private static Double decimal(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value.trim() + "' is not a number");
        }
    }

    public StringProperty minStepProperty() {
        return minStep;
    }

    public StringProperty maxStepProperty() {
        return maxStep;
    }

    public ObjectProperty<String> taskProperty() {
        return task;
    }

    public StringProperty minRewardProperty() {
        return minReward;
    }

    public StringProperty maxRewardProperty() {
        return maxReward;
    }

    public ObjectProperty<Boolean> correctProperty() {
        return correct;
    }

    public ObjectProperty<FinishReason> finishReasonProperty() {
        return finishReason;
    }

    public StringProperty minToolCallsProperty() {
        return minToolCalls;
    }

    public StringProperty maxToolCallsProperty() {
        return maxToolCalls;
    }

    /** Restricts to these trajectories, listed in this order, and says why in {@link #idsLabelProperty()}. */
    public void setIds(java.util.List<Long> trajectoryIds, String why) {
        ids = java.util.List.copyOf(trajectoryIds);
        idsLabel.set(why);
    }

    /** Drops the id criterion. */
    public void clearIds() {
        ids = java.util.List.of();
        idsLabel.set("");
    }

    /** Why the table shows only some trajectories ("step 12 of run r, by entropy"), "" when it does not. */
    public StringProperty idsLabelProperty() {
        return idsLabel;
    }

    /** The tag criterion: a tag name, or null for any trajectory. */
    public ObjectProperty<String> tagProperty() {
        return tag;
    }

    /** The lint criterion: a code key, {@link TrajectoryQuery#ANY_LINT}, or null for any trajectory. */
    public ObjectProperty<String> lintProperty() {
        return lint;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
