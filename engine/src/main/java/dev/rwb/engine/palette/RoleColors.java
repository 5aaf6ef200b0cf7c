package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.Role;

import java.util.EnumMap;
import java.util.Map;

/**
 * The colour of each role, drawn as the underline in every mode and as the background tint in
 * the role mode. The six content roles take six of the eight Okabe–Ito colours (distinguishable
 * under the common colour-vision deficiencies); system and pad are neutral greys, and template
 * scaffold is the Okabe–Ito black: the darkest underline, so scaffold reads as structure, not text.
 */
public final class RoleColors {
    /** How far the role-mode background tint moves from white towards the role colour. */
    public static final double TINT = 0.22;

    private static final Map<Role, String> COLORS = new EnumMap<>(Map.of(
            Role.TEMPLATE, OkabeIto.BLACK,
            Role.SYSTEM, "#7f7f7f",
            Role.PROMPT, OkabeIto.BLUE,
            Role.REASONING, OkabeIto.REDDISH_PURPLE,
            Role.TOOL_CALL, OkabeIto.ORANGE,
            Role.TOOL_RESPONSE, OkabeIto.BLUISH_GREEN,
            Role.ANSWER, OkabeIto.VERMILLION,
            Role.OTHER_MODEL, OkabeIto.SKY_BLUE,
            Role.PAD, "#cccccc"));

    private RoleColors() {
    }

    /** The role's colour as {@code #rrggbb}. */
    public static String hex(Role role) {
        return COLORS.get(role);
    }

    /** The light background tint of the role mode. */
    public static String tintHex(Role role) {
        return Palette.mix("#ffffff", hex(role), TINT);
    }
}
