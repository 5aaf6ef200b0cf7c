package dev.rwb.app.runs;

import dev.rwb.engine.config.ConfigException;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run configuration as a form: one titled section per {@link ConfigSections.Section}, each
 * row a label, an editor and an inline message that shows the engine's validation error when it
 * names that row's field. Problems naming no row appear in a banner above the sections.
 */
public final class ConfigForm extends VBox {
    private final ConfigDocument document;
    private final Map<String, Label> errorLabels = new LinkedHashMap<>();
    private final Map<String, Runnable> refreshers = new LinkedHashMap<>();
    private final Map<String, Control> editors = new LinkedHashMap<>();
    private final Label banner = new Label();
    private final Node masking;
    private final Node modelSource;
    private boolean refreshing;

    /**
     * @param masking the content of the "Masking" section (a {@link MaskPolicyEditor} on the same
     *                document), which reports problems of {@code mask.*} fields itself
     */
    public ConfigForm(ConfigDocument document, Node masking) {
        this(document, masking, null);
    }

    /**
     * @param modelSource shown first in the "Model" section (a {@link ModelSourceEditor}: preset, our
     *                    checkpoint or a Hugging Face model), or null
     */
    public ConfigForm(ConfigDocument document, Node masking, Node modelSource) {
        this.document = document;
        this.masking = masking;
        this.modelSource = modelSource;
        setSpacing(6);
        banner.getStyleClass().add("config-problem");
        banner.setId("config-banner");
        banner.setWrapText(true);
        banner.managedProperty().bind(banner.visibleProperty());
        getChildren().add(banner);
        for (ConfigSections.Section section : ConfigSections.ALL) {
            getChildren().add(section(section));
        }
        document.problemProperty().addListener((obs, old, p) -> showProblem(p));
        document.revisionProperty().addListener((obs, old, r) -> refreshAll());
        showProblem(document.problemProperty().get());
    }

    /** Re-reads every editor from the document (after a load, a preset or a mask edit). */
    public void refreshAll() {
        refreshing = true;
        try {
            refreshers.values().forEach(Runnable::run);
        } finally {
            refreshing = false;
        }
    }

    private TitledPane section(ConfigSections.Section section) {
        if (section.fields().isEmpty()) {
            TitledPane pane = new TitledPane(section.title(), masking);
            pane.setId("section-" + cssId(section.title()));
            return pane;
        }
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(3);
        ColumnConstraints labels = new ColumnConstraints(175);
        ColumnConstraints editors = new ColumnConstraints(160, 200, Double.MAX_VALUE);
        editors.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, editors);
        int row = 0;
        for (ConfigField field : section.fields()) {
            Label label = new Label(field.label());
            Control editor = editor(field);
            editor.setTooltip(new Tooltip(field.path() + " — " + field.help()));
            editor.setMaxWidth(Double.MAX_VALUE);
            Label error = new Label();
            error.setId("error-" + cssId(field.path()));
            error.getStyleClass().add("config-field-error");
            error.setWrapText(true);
            error.setVisible(false);
            error.managedProperty().bind(error.visibleProperty());
            errorLabels.put(field.path(), error);
            grid.add(label, 0, row);
            grid.add(editor, 1, row++);
            grid.add(error, 1, row++);
        }
        TitledPane pane = new TitledPane(section.title(), modelSource != null && section.title().equals("Model")
                ? new VBox(6, modelSource, grid) : grid);
        pane.setId("section-" + cssId(section.title()));
        return pane;
    }

    private Control editor(ConfigField field) {
        Control control = switch (field.kind()) {
            case BOOLEAN -> {
                CheckBox box = new CheckBox();
                refreshers.put(field.path(), () -> box.setSelected(document.get(field.path()).asBoolean()));
                box.selectedProperty().addListener((obs, o, v) -> edit(field, Boolean.toString(v)));
                yield box;
            }
            case CHOICE -> {
                ComboBox<String> combo = new ComboBox<>();
                combo.getItems().setAll(field.choices());
                refreshers.put(field.path(), () -> combo.setValue(FieldValues.format(document.get(field.path()))));
                combo.valueProperty().addListener((obs, o, v) -> edit(field, v));
                yield combo;
            }
            default -> {
                TextField text = new TextField();
                refreshers.put(field.path(), () -> text.setText(FieldValues.format(document.get(field.path()))));
                text.textProperty().addListener((obs, o, v) -> edit(field, v));
                yield text;
            }
        };
        control.setId("field-" + cssId(field.path()));
        editors.put(field.path(), control);
        refreshing = true;
        refreshers.get(field.path()).run();
        refreshing = false;
        return control;
    }

    private void edit(ConfigField field, String text) {
        if (!refreshing) {
            document.setText(field, text);
        }
    }

    private void showProblem(ConfigException problem) {
        errorLabels.values().forEach(l -> l.setVisible(false));
        Label target = problem == null || problem.field() == null ? null : errorLabels.get(problem.field());
        if (target != null) {
            target.setText(problem.getMessage().replaceFirst("^run config: field '[^']*': ", ""));
            target.setVisible(true);
        }
        boolean maskProblem = problem != null && problem.field() != null && problem.field().startsWith("mask.");
        banner.setVisible(problem != null && target == null && !maskProblem);
        banner.setText(problem == null ? "" : problem.getMessage());
    }

    /** The editor of a field, e.g. for tests and keyboard focus. */
    public Control editorOf(String path) {
        Control plain = editors.get(path);
        // fields of a custom editor (the model source) carry the same id form
        return plain != null ? plain : (Control) lookup("#field-" + cssId(path));
    }

    /** A CSS-safe id fragment for a dotted path or a title. */
    static String cssId(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
