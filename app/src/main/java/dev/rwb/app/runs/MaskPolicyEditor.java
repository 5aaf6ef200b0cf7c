package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.config.ConfigChoice;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The masking section: preset, per-role loss weights, entropy filter, and a live preview of a
 * short sample episode of the run's task under the resulting policy. Editing a weight switches the preset to
 * "custom" with every role's weight written out; choosing a named preset clears the overrides.
 */
public final class MaskPolicyEditor extends VBox {
    private final ConfigDocument document;
    private final ComboBox<String> preset = new ComboBox<>();
    private final TextField entropyFraction = new TextField();
    private final Map<Role, Spinner<Double>> weights = new EnumMap<>(Role.class);
    private final Label error = new Label();
    private final MaskPreview preview;
    private boolean refreshing;
    /** The task whose sample the preview shows. */
    private String previewTask = "kb-search";

    public MaskPolicyEditor(ConfigDocument document, TokenArrays sample) {
        this.document = document;
        this.preview = new MaskPreview(sample);
        setSpacing(6);
        preset.getItems().setAll(ConfigChoice.keys(MaskPreset.class));
        preset.setId("mask-preset");
        entropyFraction.setId("mask-entropy");
        error.setId("mask-error");
        error.getStyleClass().add("config-field-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(3);
        grid.addRow(0, label("Preset"), preset);
        grid.addRow(1, label("Entropy top fraction (0 = off)"), entropyFraction);
        // One role per row: two per row cut the names to "p…" at the form's default width.
        int row = 2;
        for (Role role : Role.values()) {
            Spinner<Double> spinner = new Spinner<>(0.0, 2.0, 0.0, 0.1);
            spinner.setEditable(true);
            spinner.setPrefWidth(90);
            spinner.setMinWidth(80);
            spinner.setId("weight-" + role.name().toLowerCase(Locale.ROOT));
            spinner.valueProperty().addListener((obs, o, v) -> weightEdited());
            weights.put(role, spinner);
            Label name = label(role.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " weight");
            name.setId("weight-label-" + role.name().toLowerCase(Locale.ROOT));
            grid.addRow(row++, name, spinner);
        }
        Label legend = new Label("Preview: trained tokens in their role's colour (bold = weight ≥ 1); "
                + "grey struck-through = weight 0, no gradient.");
        legend.setWrapText(true);
        legend.getStyleClass().add("hint");
        getChildren().addAll(grid, error, legend, preview);

        preset.valueProperty().addListener((obs, o, v) -> presetChosen(v));
        entropyFraction.textProperty().addListener((obs, o, v) -> {
            if (!refreshing) {
                document.set("mask.entropy_top_fraction", FieldValues.parse(ConfigField.Kind.DECIMAL, v));
                refresh();
            }
        });
        document.revisionProperty().addListener((obs, o, v) -> refresh());
        // the preview shows an episode of the task the run trains
        document.configProperty().addListener((obs, o, c) -> {
            String task = document.get("task.name").asText("");
            if (!task.equals(previewTask)) {
                refresh();
            }
        });
        document.problemProperty().addListener((obs, o, p) -> showProblem(p));
        refresh();
        showProblem(document.problemProperty().get());
    }

    /** A label that keeps its whole text: the grid gives the fields the rest. */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** The preview of the sample trajectory. */
    public MaskPreview preview() {
        return preview;
    }

    private void presetChosen(String name) {
        if (refreshing || name == null) {
            return;
        }
        if (MaskPreset.of(name) != MaskPreset.CUSTOM) {
            document.set("mask.weights", ConfigDocument.nodes().nullNode());
        } else {
            writeWeights();
        }
        document.set("mask.preset", ConfigDocument.nodes().textNode(name));
        refresh();
    }

    private void weightEdited() {
        if (refreshing) {
            return;
        }
        writeWeights();
        document.set("mask.preset", ConfigDocument.nodes().textNode(MaskPreset.CUSTOM.key()));
        refresh();
    }

    private void writeWeights() {
        ObjectNode map = ConfigDocument.nodes().objectNode();
        weights.forEach((role, spinner) -> map.put(role.name(), spinner.getValue()));
        document.set("mask.weights", map);
    }

    /** Re-reads preset, weights and filter from the document and redraws the preview. */
    private void refresh() {
        refreshing = true;
        try {
            JsonNode mask = document.get("mask");
            preset.setValue(mask.path("preset").asText());
            entropyFraction.setText(FieldValues.format(mask.path("entropy_top_fraction")));
            MaskPolicy policy = MaskPolicies.fromConfig(mask);
            weights.forEach((role, spinner) -> spinner.getValueFactory().setValue((double) policy.weight(role)));
            String task = document.get("task.name").asText("");
            if (!task.equals(previewTask)) {
                previewTask = task;
                preview.setSample(PreviewTrajectory.forTask(task));
            }
            preview.show(policy);
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            error.setVisible(true);
        } finally {
            refreshing = false;
        }
    }

    private void showProblem(ConfigException p) {
        boolean mine = p != null && p.field() != null && p.field().startsWith("mask.");
        error.setVisible(mine);
        error.setText(mine ? p.getMessage() : "");
    }
}
