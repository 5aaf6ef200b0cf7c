package dev.rwb.app.runs;

import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.TokenArrays;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A short trajectory drawn under a mask policy: tokens that train are drawn in their role's
 * colour (bold at full weight), tokens with weight 0 are grey and struck through, so the colour
 * is never the only cue.
 */
public final class MaskPreview extends TextFlow {
    static final Color MASKED = Color.web("#9a9a9a");
    private TokenArrays tokens;
    private float[] weights = new float[0];

    public MaskPreview(TokenArrays tokens) {
        this.tokens = tokens;
        getStyleClass().add("mask-preview");
    }

    /** Another sample (the run's task changed); drawn by the next {@link #show}. */
    public void setSample(TokenArrays sample) {
        tokens = sample;
    }

    /** The sample drawn. */
    public TokenArrays sample() {
        return tokens;
    }

    /** Redraws the sample under {@code policy}. */
    public void show(MaskPolicy policy) {
        weights = policy.weights(tokens);
        getChildren().clear();
        for (int i = 0; i < tokens.length(); i++) {
            String s = tokens.tokenText()[i].replace("\n", "¶\n");
            Text t = new Text(s);
            boolean trains = weights[i] > 0;
            t.setFill(trains ? Color.web(RoleColors.hex(tokens.roles()[i])) : MASKED);
            t.setStrikethrough(!trains);
            t.setFont(Font.font("Monospaced", trains && weights[i] >= 1 ? FontWeight.BOLD : FontWeight.NORMAL, 13));
            t.getStyleClass().add(trains ? "preview-trained" : "preview-masked");
            getChildren().add(t);
        }
    }

    /** The weights drawn last (for tests). */
    public float[] weights() {
        return weights.clone();
    }
}
