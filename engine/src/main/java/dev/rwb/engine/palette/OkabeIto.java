package dev.rwb.engine.palette;

import java.util.List;

/**
 * The eight colours of Okabe and Ito's categorical palette (2008), distinguishable under the
 * common colour-vision deficiencies: the role colours and the line colours of every chart.
 */
public final class OkabeIto {
    public static final String BLACK = "#000000";
    public static final String ORANGE = "#e69f00";
    public static final String SKY_BLUE = "#56b4e9";
    public static final String BLUISH_GREEN = "#009e73";
    public static final String YELLOW = "#f0e442";
    public static final String BLUE = "#0072b2";
    public static final String VERMILLION = "#d55e00";
    public static final String REDDISH_PURPLE = "#cc79a7";

    private OkabeIto() {
    }

    /** Line colours of charts, in the order series are drawn (black last: it reads as an axis). */
    public static List<String> series() {
        return List.of(BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILLION, YELLOW, BLACK);
    }
}
