package dev.rwb.app.inspector;

import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.trajectory.FinishReason;
import javafx.beans.property.Property;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The filter fields of the store query (the run comes from the run list): step range, task,
 * reward range, correct, finish reason, tool-call range, lints (any, one code) and text. Enter in any field applies.
 */
public final class FilterBar extends FlowPane {
    private final TextField text = new TextField();

    public FilterBar(InspectorViewModel model) {
        super(10, 4);
        setId("filter-bar");
        setPadding(new Insets(6));
        FilterViewModel f = model.filter();
        Runnable apply = () -> model.applyFilter(() -> { });
        text.setId("filter-text");
        text.setPromptText("text contains…  ( / )");
        text.setPrefColumnCount(14);
        text.textProperty().bindBidirectional(f.textProperty());
        text.setOnAction(e -> apply.run());
        ComboBox<String> task = choice("filter-task", withAny(model.knownTasks()), s -> s == null ? "any" : s);
        task.valueProperty().bindBidirectional(f.taskProperty());
        model.knownTasks().addListener((javafx.collections.ListChangeListener<String>) c ->
                task.getItems().setAll(withAny(model.knownTasks())));
        ComboBox<Boolean> correct = choice("filter-correct", Arrays.asList(null, true, false),
                b -> b == null ? "any" : b ? "correct" : "wrong");
        correct.valueProperty().bindBidirectional(f.correctProperty());
        List<FinishReason> reasons = new ArrayList<>();
        reasons.add(null);
        reasons.addAll(List.of(FinishReason.values()));
        ComboBox<FinishReason> finish = choice("filter-finish", reasons, r -> r == null ? "any" : r.key());
        finish.valueProperty().bindBidirectional(f.finishReasonProperty());
        List<String> lintChoices = new ArrayList<>();
        lintChoices.add(null);
        lintChoices.add(TrajectoryQuery.ANY_LINT);
        Arrays.stream(LintCode.values()).map(LintCode::key).forEach(lintChoices::add);
        ComboBox<String> lint = choice("filter-lint", lintChoices,
                k -> k == null ? "any" : k.equals(TrajectoryQuery.ANY_LINT) ? "has a lint" : k);
        lint.valueProperty().bindBidirectional(f.lintProperty());
        // sized for "has a lint", not for the longest lint key (the popup shows those whole): the bar
        // then wraps onto two lines at the default width, not three, and the table keeps the height
        lint.setPrefWidth(150);
        ComboBox<String> tag = choice("filter-tag", withAny(model.tags().names()), t -> t == null ? "any" : t);
        tag.valueProperty().bindBidirectional(f.tagProperty());
        model.tags().names().addListener((javafx.collections.ListChangeListener<String>) c -> {
            String chosen = tag.getValue();
            tag.getItems().setAll(withAny(model.tags().names()));
            tag.setValue(chosen);
        });
        tag.setOnShowing(e -> model.tags().refreshNames());
        Button applyButton = new Button("Apply");
        applyButton.setId("filter-apply");
        applyButton.setDefaultButton(false);
        applyButton.setOnAction(e -> apply.run());
        Button clear = new Button("Clear");
        clear.setOnAction(e -> {
            f.clear();
            apply.run();
        });
        Label error = new Label();
        error.setId("filter-error");
        error.getStyleClass().add("filter-error");
        error.textProperty().bind(f.errorProperty());
        Label ids = new Label();
        ids.setId("filter-ids");
        ids.getStyleClass().add("filter-ids");
        ids.textProperty().bind(f.idsLabelProperty());
        ids.visibleProperty().bind(f.idsLabelProperty().isNotEmpty());
        ids.managedProperty().bind(ids.visibleProperty());
        getChildren().addAll(ids,
                range("step", f.minStepProperty(), f.maxStepProperty(), apply),
                labelled("task", task),
                range("reward", f.minRewardProperty(), f.maxRewardProperty(), apply),
                labelled("correct", correct),
                labelled("finish", finish),
                range("tool calls", f.minToolCallsProperty(), f.maxToolCallsProperty(), apply),
                labelled("lints", lint),
                labelled("tag", tag),
                text, applyButton, clear, error);
    }

    /** The free-text field (focused by the {@code /} key). */
    public TextField textField() {
        return text;
    }

    private static <T> ObservableList<T> withAny(List<T> values) {
        List<T> all = new ArrayList<>();
        all.add(null);
        all.addAll(values);
        return FXCollections.observableArrayList(all);
    }

    private static <T> ComboBox<T> choice(String id, List<T> items, Function<T, String> name) {
        ComboBox<T> box = new ComboBox<>(FXCollections.observableArrayList(items));
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T t) {
                return name.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        return box;
    }

    private static Node range(String name, Property<String> from, Property<String> to, Runnable apply) {
        String id = "filter-" + name.replace(' ', '-');
        TextField a = new TextField();
        a.setId(id + "-from");
        TextField b = new TextField();
        b.setId(id + "-to");
        for (TextField t : new TextField[]{a, b}) {
            t.setPrefColumnCount(4);
            t.setOnAction(e -> apply.run());
        }
        a.setPromptText("from");
        b.setPromptText("to");
        a.textProperty().bindBidirectional(from);
        b.textProperty().bindBidirectional(to);
        return labelled(name, new HBox(2, a, new Label("–"), b));
    }

    private static Node labelled(String name, Node field) {
        HBox box = new HBox(4, new Label(name), field);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
