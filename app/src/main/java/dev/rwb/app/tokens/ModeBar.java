package dev.rwb.app.tokens;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.ScaleScope;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;

import java.util.Locale;

/**
 * The colour-mode switch of the token view (one toggle per mode), the scale of the signed modes
 * (one per run, per group or per trajectory) and the "show spaces" option.
 */
final class ModeBar extends ToolBar {
    ModeBar(TokenViewModel model) {
        getStyleClass().add("mode-bar");
        ToggleGroup group = new ToggleGroup();
        getItems().add(new Label("Colour by"));
        for (ColorMode mode : ColorMode.values()) {
            ToggleButton button = new ToggleButton(mode.label());
            button.setId("mode-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.setUserData(mode);
            button.setToggleGroup(group);
            button.setFocusTraversable(false);
            button.setTooltip(new javafx.scene.control.Tooltip("key " + (mode.ordinal() + 1)));
            getItems().add(button);
            if (mode == model.modeProperty().get()) {
                group.selectToggle(button);
            }
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                // A toggle group allows deselecting; a mode is always on, so undo it.
                group.selectToggle(old);
            } else {
                model.modeProperty().set((ColorMode) now.getUserData());
            }
        });
        model.modeProperty().addListener((obs, old, now) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(group::selectToggle));
        ComboBox<ScaleScope> scope = new ComboBox<>();
        scope.getItems().setAll(ScaleScope.values());
        scope.setId("scale-scope");
        scope.setFocusTraversable(false);
        scope.valueProperty().bindBidirectional(model.scopeProperty());
        scope.setTooltip(new javafx.scene.control.Tooltip("What contribution and advantage colours are scaled over;"
                + " one scale per run makes colours compare across trajectories"));
        // Only the signed modes have a scope; the others are fixed (loss mask) or the trajectory's own range.
        scope.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !model.modeProperty().get().signed(), model.modeProperty()));
        getItems().addAll(new Label("Scale"), scope);
        CheckBox spaces = new CheckBox("Show spaces as ·");
        spaces.setId("show-spaces");
        spaces.setFocusTraversable(false);
        spaces.selectedProperty().bindBidirectional(model.showSpacesProperty());
        getItems().add(spaces);
    }
}
