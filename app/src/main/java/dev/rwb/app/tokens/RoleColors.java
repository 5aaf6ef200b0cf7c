package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.Role;
import javafx.scene.paint.Color;

/** The Okabe–Ito colour of each role (distinguishable under common colour-vision deficiencies). */
public final class RoleColors {
    private RoleColors() {
    }

    public static Color of(Role role) {
        return Color.web(switch (role) {
            case SYSTEM -> "#7f7f7f";
            case PROMPT -> "#0072b2";
            case REASONING -> "#cc79a7";
            case TOOL_CALL -> "#e69f00";
            case TOOL_RESPONSE -> "#009e73";
            case ANSWER -> "#d55e00";
            case OTHER_MODEL -> "#56b4e9";
            case PAD -> "#cccccc";
        });
    }
}
