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
    /** Under each warm-start field a phase may set: how its phases are written, or why an edit was refused. */
    private final Map<String, Label> phaseNotes = new LinkedHashMap<>();
    private final Map<String, ConfigField> fields = new LinkedHashMap<>();
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
        showPhases();
    }

    /** Re-reads every editor from the document (after a load, a preset or a mask edit). */
    public void refreshAll() {
        refreshing = true;
        try {
            refreshers.values().forEach(Runnable::run);
        } finally {
            refreshing = false;
        }
        showPhases();
    }

    /** The phase notes, and per-phase choices read-only (a combo box holds one value, not one per phase). */
    private void showPhases() {
        phaseNotes.forEach((path, note) -> {
            ConfigField field = fields.get(path);
            boolean perPhase = PhaseValues.perPhase(document, field);
            String text = !perPhase ? "" : field.path().equals("warm_start.steps") ? PhaseValues.summary(document)
                    + "; one value per phase, separated by |"
                    : field.kind() == ConfigField.Kind.CHOICE ? "per phase: " + PhaseValues.format(document, field)
                    + " (set in the config file)" : "one value per phase, separated by |";
            note.setText(text);
            note.setVisible(perPhase);
            if (field.kind() == ConfigField.Kind.CHOICE) {
                editors.get(path).setDisable(perPhase);
            }
        });
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
            if (PhaseValues.PHASE_FIELDS.stream().anyMatch(n -> field.path().equals("warm_start." + n))) {
                Label note = new Label();
                note.setId("phases-" + cssId(field.path()));
                note.getStyleClass().add("hint");
                note.setWrapText(true);
                note.setVisible(false);
                note.managedProperty().bind(note.visibleProperty());
                phaseNotes.put(field.path(), note);
                grid.add(note, 1, row++);
            }
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
                refreshers.put(field.path(), () -> text.setText(PhaseValues.perPhase(document, field)
                        ? PhaseValues.format(document, field) : FieldValues.format(document.get(field.path()))));
                text.textProperty().addListener((obs, o, v) -> edit(field, v));
                yield text;
            }
        };
        control.setId("field-" + cssId(field.path()));
        editors.put(field.path(), control);
        fields.put(field.path(), field);
        refreshing = true;
        refreshers.get(field.path()).run();
        refreshing = false;
        return control;
    }

    private void edit(ConfigField field, String text) {
        if (refreshing) {
            return;
        }
        if (!PhaseValues.perPhase(document, field)) {
            document.setText(field, text);
            return;
        }
        String refused = PhaseValues.apply(document, field, text);
        Label note = phaseNotes.get(field.path());
        if (refused != null) {
            note.setText(refused);
        } else {
            showPhases();
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
