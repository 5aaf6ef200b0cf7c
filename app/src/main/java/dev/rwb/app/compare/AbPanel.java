package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.app.runs.RunSession;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.RunConfigReader;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The A/B action: pick a field of the base run's configuration and a new value; "Launch A/B"
 * validates both variants with the engine and starts two trainer processes side by side.
 */
public final class AbPanel extends VBox {
    private final Supplier<ObjectNode> base;
    private final ComboBox<String> field = new ComboBox<>();
    private final TextField value = new TextField();
    private final Label message = new Label();
    private final RunSession a;
    private final RunSession b;

    AbPanel(TrainerCommandLine trainer, Path db, Path configFolder, Supplier<ObjectNode> base, Runnable onLaunched) {
        this.base = base;
        a = new RunSession(trainer, db, configFolder, Platform::runLater);
        b = new RunSession(trainer, db, configFolder, Platform::runLater);
        setSpacing(4);
        Label title = new Label("A/B: clone the first ticked run with one field changed");
        title.setWrapText(true);
        title.getStyleClass().add("pane-title");
        field.setId("ab-field");
        field.setEditable(true);
        field.setPromptText("mask.preset");
        field.setMaxWidth(Double.MAX_VALUE);
        field.setOnShowing(e -> {
            ObjectNode cfg = base.get();
            if (cfg != null) {
                field.getItems().setAll(JsonPaths.flatten(cfg).keySet().stream().filter(p -> !p.equals("name")).toList());
            }
        });
        value.setId("ab-value");
        value.setPromptText("value for B, e.g. no_masking");
        Button launch = new Button("Launch A/B");
        launch.setId("ab-launch");
        launch.setOnAction(e -> launch());
        launch.disableProperty().bind(Bindings.createBooleanBinding(() -> a.stateProperty().get().active()
                || b.stateProperty().get().active(), a.stateProperty(), b.stateProperty()));
        message.setId("ab-message");
        message.setWrapText(true);
        Label states = new Label();
        states.setId("ab-states");
        states.textProperty().bind(Bindings.createStringBinding(() -> "A: " + a.stateProperty().get().name().toLowerCase()
                + " · " + a.progressTextProperty().get() + "\nB: " + b.stateProperty().get().name().toLowerCase()
                + " · " + b.progressTextProperty().get(), a.stateProperty(), a.progressTextProperty(),
                b.stateProperty(), b.progressTextProperty()));
        a.stateProperty().addListener((obs, o, s) -> onLaunched.run());
        b.stateProperty().addListener((obs, o, s) -> onLaunched.run());
        getChildren().addAll(title, new Label("Field"), field, new Label("Value in B"), value, launch, message, states);
    }

    private void launch() {
        ObjectNode cfg = base.get();
        String path = field.getEditor().getText() == null || field.getEditor().getText().isBlank() ? field.getValue()
                : field.getEditor().getText();
        if (cfg == null || path == null || path.isBlank()) {
            message.setText("Tick a run and choose a field first.");
            return;
        }
        List<ObjectNode> pair = AbVariants.of(cfg, path.trim(), value.getText());
        try {
            for (ObjectNode v : pair) {
                RunConfigReader.parse(v.toString(), v.path("name").asText());
            }
            a.launch(pair.get(0).toPrettyString(), pair.get(0).path("name").asText());
            b.launch(pair.get(1).toPrettyString(), pair.get(1).path("name").asText());
            message.setText("Launched " + pair.get(0).path("name").asText() + " and " + pair.get(1).path("name").asText());
        } catch (ConfigException e) {
            message.setText(e.getMessage());
        } catch (IOException | IllegalStateException e) {
            message.setText("Cannot launch: " + e.getMessage());
        }
    }

    public RunSession sessionA() {
        return a;
    }

    public RunSession sessionB() {
        return b;
    }
}
