package dev.rwb.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.app.models.ModelChoice;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the run's model comes from: a size preset of the workbench's own GPT, a checkpoint of ours,
 * or a Hugging Face model (a folder, or an entry of the user's HF cache with its architecture and
 * size), with LoRA settings and the compute dtype. It writes the config's {@code model} section
 * ({@code preset}, {@code checkpoint}, {@code path}, {@code dtype}, {@code lora}; docs/CONFIG.md),
 * and the engine validates it like every other field.
 */
public final class ModelSourceEditor extends VBox {
    /** The modules LoRA may adapt (docs/CONFIG.md), in the order of a decoder layer. */
    static final List<String> LORA_MODULES = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    /** What an opened LoRA section starts from (the engine's defaults). */
    static final int DEFAULT_RANK = 8;
    static final int DEFAULT_ALPHA = 16;
    static final List<String> DEFAULT_MODULES = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    /** The three kinds of model source. */
    public enum Source { PRESET, CHECKPOINT, HUGGING_FACE }

    private final ConfigDocument document;
    private final ToggleGroup sources = new ToggleGroup();
    private final RadioButton preset = new RadioButton("Size preset (our GPT)");
    private final RadioButton checkpoint = new RadioButton("Checkpoint of ours");
    private final RadioButton huggingFace = new RadioButton("Hugging Face model");
    private final ComboBox<String> presetChoice = new ComboBox<>();
    private final TextField checkpointPath = new TextField();
    private final TextField hfPath = new TextField();
    private final ComboBox<ModelChoice> hfCache = new ComboBox<>();
    private final Label hfInfo = new Label();
    private final ComboBox<String> dtype = new ComboBox<>();
    private final CheckBox lora = new CheckBox("LoRA adapters (else full fine-tuning)");
    private final Spinner<Integer> rank = new Spinner<>(1, 1024, DEFAULT_RANK);
    private final Spinner<Integer> alpha = new Spinner<>(1, 4096, DEFAULT_ALPHA);
    private final Map<String, CheckBox> modules = new LinkedHashMap<>();
    private final VBox presetPane;
    private final VBox checkpointPane;
    private final VBox hfPane;
    private boolean refreshing;

    /** @param cache the user's Hugging Face cache (read when the editor is built and on "Rescan") */
    public ModelSourceEditor(ConfigDocument document, Supplier<List<ModelChoice>> cache) {
        this.document = document;
        setSpacing(6);
        setPadding(new Insets(0, 0, 6, 0));
        getStyleClass().add("model-source");
        preset.setId("model-source-preset");
        checkpoint.setId("model-source-checkpoint");
        huggingFace.setId("model-source-hf");
        for (RadioButton b : List.of(preset, checkpoint, huggingFace)) {
            b.setToggleGroup(sources);
        }
        presetChoice.setId("field-model-preset");
        presetChoice.getItems().setAll("tiny", "small", "medium");
        checkpointPath.setId("field-model-checkpoint");
        checkpointPath.setPromptText("folder of a checkpoint (a warm start saved by rwb sft or a run's step folder)");
        hfPath.setId("field-model-path");
        hfPath.setPromptText("a folder in Hugging Face layout, or a hub id in the cache");
        hfCache.setId("model-hf-cache");
        hfCache.setPromptText("Pick from the Hugging Face cache");
        hfCache.setMaxWidth(Double.MAX_VALUE);
        hfInfo.setId("model-hf-info");
        hfInfo.getStyleClass().add("hint");
        hfInfo.setWrapText(true);
        dtype.setId("field-model-dtype");
        dtype.getItems().setAll("fp32", "bf16", "fp16");
        lora.setId("model-lora");
        rank.setId("model-lora-rank");
        alpha.setId("model-lora-alpha");
        rank.setEditable(true);
        alpha.setEditable(true);
        rank.setPrefWidth(90);
        alpha.setPrefWidth(90);

        presetPane = new VBox(4, row(new Label("Size"), presetChoice));
        Button chooseCheckpoint = new Button("Folder…");
        chooseCheckpoint.setId("model-checkpoint-choose");
        chooseCheckpoint.setOnAction(e -> chooseFolder(checkpointPath));
        checkpointPane = new VBox(4, grow(checkpointPath, chooseCheckpoint));
        Button chooseHf = new Button("Folder…");
        chooseHf.setId("model-path-choose");
        chooseHf.setOnAction(e -> chooseFolder(hfPath));
        Button rescan = new Button("Rescan");
        rescan.setOnAction(e -> hfCache.getItems().setAll(list(cache)));
        FlowPane moduleBoxes = new FlowPane(8, 4);
        for (String m : LORA_MODULES) {
            CheckBox box = new CheckBox(m);
            box.setMnemonicParsing(false); // "q_proj", not "qproj" with a mnemonic on p
            box.setId("lora-" + m);
            box.selectedProperty().addListener((obs, o, v) -> writeLora());
            modules.put(m, box);
            moduleBoxes.getChildren().add(box);
        }
        GridPane loraGrid = new GridPane();
        loraGrid.setHgap(8);
        loraGrid.setVgap(3);
        loraGrid.addRow(0, new Label("Rank r"), rank, new Label("Alpha α"), alpha);
        VBox loraBox = new VBox(4, lora, loraGrid, new Label("Target modules"), moduleBoxes);
        loraGrid.disableProperty().bind(lora.selectedProperty().not());
        moduleBoxes.disableProperty().bind(lora.selectedProperty().not());
        hfPane = new VBox(4, grow(hfPath, chooseHf), grow(hfCache, rescan), hfInfo,
                row(new Label("Compute dtype"), dtype), loraBox);
        hfCache.getItems().setAll(list(cache));
        if (hfCache.getItems().isEmpty()) {
            hfInfo.setText("No loadable model (qwen2, qwen3, llama) in the Hugging Face cache; choose a folder instead.");
        }
        for (VBox pane : List.of(presetPane, checkpointPane, hfPane)) {
            pane.managedProperty().bind(pane.visibleProperty());
            pane.setPadding(new Insets(0, 0, 0, 22));
        }
        getChildren().addAll(new Label("Model"), preset, presetPane, checkpoint, checkpointPane, huggingFace, hfPane);

        sources.selectedToggleProperty().addListener((obs, o, t) -> {
            if (t == null) {
                o.setSelected(true);
                return;
            }
            showPanes();
            if (!refreshing) {
                sourceChosen(source());
            }
        });
        presetChoice.valueProperty().addListener((obs, o, v) -> edit("model.preset", v == null ? null : text(v)));
        checkpointPath.textProperty().addListener((obs, o, v) -> edit("model.checkpoint", blankToNull(v)));
        hfPath.textProperty().addListener((obs, o, v) -> {
            edit("model.path", blankToNull(v));
            describeHfChoice();
        });
        hfCache.valueProperty().addListener((obs, o, c) -> {
            if (c != null && !refreshing) {
                hfPath.setText(c.spec());
            }
        });
        dtype.valueProperty().addListener((obs, o, v) -> edit("model.dtype", v == null ? null : text(v)));
        lora.selectedProperty().addListener((obs, o, v) -> writeLora());
        rank.valueProperty().addListener((obs, o, v) -> writeLora());
        alpha.valueProperty().addListener((obs, o, v) -> writeLora());
        document.revisionProperty().addListener((obs, o, v) -> refresh());
        refresh();
    }

    /** The source chosen now. */
    public Source source() {
        return huggingFace.isSelected() ? Source.HUGGING_FACE : checkpoint.isSelected() ? Source.CHECKPOINT : Source.PRESET;
    }

    /** The models listed from the Hugging Face cache. */
    public List<ModelChoice> cachedModels() {
        return List.copyOf(hfCache.getItems());
    }

    private static List<ModelChoice> list(Supplier<List<ModelChoice>> cache) {
        try {
            return cache.get();
        } catch (RuntimeException e) {
            return List.of(); // an unreadable cache lists nothing; a folder can still be chosen
        }
    }

    /** Another source: the fields of the others are cleared, so the config says one thing. */
    private void sourceChosen(Source s) {
        if (s != Source.CHECKPOINT) {
            checkpointPath.clear();
        }
        if (s != Source.HUGGING_FACE) {
            hfPath.clear();
            lora.setSelected(false);
            dtype.setValue("fp32");
        }
        if (s == Source.PRESET && presetChoice.getValue() == null) {
            presetChoice.setValue("tiny");
        }
    }

    private void showPanes() {
        presetPane.setVisible(preset.isSelected());
        checkpointPane.setVisible(checkpoint.isSelected());
        hfPane.setVisible(huggingFace.isSelected());
    }

    private void chooseFolder(TextField target) {
        DirectoryChooser chooser = new DirectoryChooser();
        File current = target.getText().isBlank() ? null : new File(target.getText());
        if (current != null && current.isDirectory()) {
            chooser.setInitialDirectory(current);
        }
        File dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (dir != null) {
            target.setText(dir.getAbsolutePath());
        }
    }

    /** "qwen2 · 942 MB · /home/…/snapshots/abc" for a cached model, or what a typed folder is. */
    private void describeHfChoice() {
        String spec = hfPath.getText().trim();
        ModelChoice match = hfCache.getItems().stream().filter(c -> c.spec().equals(spec)
                || c.folder().toString().equals(spec)).findFirst().orElse(null);
        if (match != null) {
            hfInfo.setText("Architecture " + match.architecture() + " · weights " + ModelChoice.size(match.weightBytes())
                    + " · " + match.folder());
        } else if (!spec.isEmpty()) {
            hfInfo.setText("Not in the cache list: the trainer checks the folder when the run starts.");
        } else {
            hfInfo.setText(hfCache.getItems().isEmpty()
                    ? "No loadable model (qwen2, qwen3, llama) in the Hugging Face cache; choose a folder instead." : "");
        }
    }

    private void writeLora() {
        if (refreshing) {
            return;
        }
        if (!lora.isSelected()) {
            edit("model.lora", null);
            return;
        }
        ObjectNode node = ConfigDocument.nodes().objectNode();
        node.put("rank", rank.getValue());
        node.put("alpha", alpha.getValue());
        ArrayNode targets = node.putArray("target_modules");
        modules.forEach((name, box) -> {
            if (box.isSelected()) {
                targets.add(name);
            }
        });
        edit("model.lora", node);
    }

    private void edit(String path, JsonNode value) {
        if (!refreshing) {
            document.set(path, value == null ? ConfigDocument.nodes().nullNode() : value);
        }
    }

    private static JsonNode text(String s) {
        return ConfigDocument.nodes().textNode(s);
    }

    private static JsonNode blankToNull(String s) {
        return s == null || s.isBlank() ? null : text(s.trim());
    }

    /** Re-reads the model section from the document (after a load or a preset). */
    private void refresh() {
        refreshing = true;
        try {
            JsonNode model = document.get("model");
            String path = FieldValues.format(model.path("path"));
            String ckpt = FieldValues.format(model.path("checkpoint"));
            presetChoice.setValue(FieldValues.format(model.path("preset")).isEmpty() ? "tiny" : model.path("preset").asText());
            checkpointPath.setText(ckpt);
            hfPath.setText(path);
            dtype.setValue(FieldValues.format(model.path("dtype")).isEmpty() ? "fp32" : model.path("dtype").asText());
            JsonNode l = model.path("lora");
            boolean on = l.isObject();
            lora.setSelected(on);
            rank.getValueFactory().setValue(on && l.path("rank").canConvertToInt() ? l.path("rank").asInt() : DEFAULT_RANK);
            alpha.getValueFactory().setValue(on && l.path("alpha").canConvertToInt() ? l.path("alpha").asInt() : DEFAULT_ALPHA);
            List<String> targets = new java.util.ArrayList<>();
            (on && l.path("target_modules").isArray() ? l.path("target_modules") : ConfigDocument.nodes().arrayNode())
                    .forEach(n -> targets.add(n.asText()));
            modules.forEach((name, box) -> box.setSelected(on ? targets.contains(name) : DEFAULT_MODULES.contains(name)));
            (path.isEmpty() ? ckpt.isEmpty() ? preset : checkpoint : huggingFace).setSelected(true);
            showPanes();
            describeHfChoice();
        } finally {
            refreshing = false;
        }
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static HBox grow(javafx.scene.control.Control main, Button side) {
        side.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox box = row(main, side);
        HBox.setHgrow(main, Priority.ALWAYS);
        main.setMaxWidth(Double.MAX_VALUE);
        return box;
    }
}
