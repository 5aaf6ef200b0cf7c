package dev.rwb.app.tokens;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;

import java.util.Locale;

/** The colour-mode switch of the token view (one toggle per mode) and the "show spaces" option. */
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
        CheckBox spaces = new CheckBox("Show spaces as ·");
        spaces.setId("show-spaces");
        spaces.setFocusTraversable(false);
        spaces.selectedProperty().bindBidirectional(model.showSpacesProperty());
        getItems().add(spaces);
    }
}
