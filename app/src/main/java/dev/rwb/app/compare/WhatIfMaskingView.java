package dev.rwb.app.compare;

import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.app.tokens.Palette;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.Locale;

/**
 * What-if masking on one stored trajectory: pick another mask policy and see every token's
 * contribution recomputed by the engine, coloured (RdBu, white at zero) as stored-weights,
 * other-policy, or the difference. Mount it beside the inspector and call {@link #show} with the
 * selected trajectory: {@code new Tab("What-if masking", new WhatIfMaskingView())}.
 */
public final class WhatIfMaskingView extends BorderPane {
    /** What the token colours show. */
    public enum Mode {
        STORED_WEIGHTS("contribution, stored weights"), OTHER_POLICY("contribution, chosen policy"),
        DIFFERENCE("difference: chosen − stored");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final int MAX_TOKENS = 3000;
    private final ComboBox<MaskPolicy> policy = new ComboBox<>();
    private final ComboBox<Mode> mode = new ComboBox<>();
    private final FlowPane tokens = new FlowPane();
    private final Label summary = new Label("No trajectory.");
    private final Label legend = new Label();
    private Trajectory trajectory;
    private WhatIfMasking result;

    public WhatIfMaskingView() {
        getStylesheets().add(RunsWorkspace.stylesheet());
        policy.getItems().setAll(MaskPolicy.PRESETS);
        policy.getItems().add(MaskPolicy.SEARCH_R1.toBuilder().label("Search-R1 + top-20% entropy")
                .entropyTopFraction(0.2).build());
        policy.setValue(MaskPolicy.NO_MASKING);
        policy.setId("whatif-policy");
        mode.getItems().setAll(Mode.values());
        mode.setValue(Mode.DIFFERENCE);
        mode.setId("whatif-mode");
        policy.setConverter(new javafx.util.StringConverter<>() {
            public String toString(MaskPolicy p) {
                return p == null ? "" : p.label();
            }

            public MaskPolicy fromString(String s) {
                return null;
            }
        });
        HBox bar = new HBox(8, new Label("Mask policy"), policy, new Label("Colour"), mode);
        bar.setAlignment(Pos.CENTER_LEFT);
        summary.setId("whatif-summary");
        summary.setWrapText(true);
        legend.setWrapText(true);
        legend.getStyleClass().add("hint");
        VBox top = new VBox(4, bar, summary, legend);
        top.setPadding(new Insets(6));
        tokens.setHgap(1);
        tokens.setVgap(2);
        tokens.setPadding(new Insets(6));
        ScrollPane scroll = new ScrollPane(tokens);
        scroll.setFitToWidth(true);
        setTop(top);
        setCenter(scroll);
        policy.valueProperty().addListener((obs, o, p) -> recompute());
        mode.valueProperty().addListener((obs, o, m) -> draw());
    }

    /** The trajectory shown, or null before the first {@link #show}. */
    public Trajectory trajectory() {
        return trajectory;
    }

    /** Shows a trajectory (recomputing under the chosen policy). */
    public void show(Trajectory t) {
        trajectory = t;
        recompute();
    }

    private void recompute() {
        if (trajectory == null || policy.getValue() == null) {
            return;
        }
        try {
            result = WhatIfMasking.of(trajectory.tokens(), policy.getValue(), ContributionCalculator.builder().build());
        } catch (IllegalArgumentException e) {
            result = null;
            summary.setText("Cannot recompute: " + e.getMessage());
            tokens.getChildren().clear();
            return;
        }
        RatioEstimate r = result.ratios();
        summary.setText(String.format(Locale.ROOT, "%s · step %d · %d tokens · reward %.2f. Ratios ρ: %d derived from the stored "
                        + "contributions (ρ = c·N̂/(w·A), N̂ = median of w·A/c = %.3g), %d assumed 1 (masked, clipped or zero).%s",
                trajectory.run(), trajectory.step(), trajectory.tokens().length(), trajectory.reward(), r.derived(),
                r.normaliser(), r.assumed(), result.filledAdvantages() == 0 ? ""
                        : " " + result.filledAdvantages() + " tokens without a recorded advantage were given the response's."));
        draw();
    }

    private void draw() {
        if (result == null) {
            return;
        }
        TokenArrays t = trajectory.tokens();
        Mode m = mode.getValue();
        float[] values = switch (m) {
            case STORED_WEIGHTS -> result.before().contributions();
            case OTHER_POLICY -> result.after().contributions();
            case DIFFERENCE -> result.difference();
        };
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        legend.setText(String.format(Locale.ROOT, "c_t = w_t·A_t·ρ_t / N (0 where masked or clipped), recomputed on this "
                + "trajectory alone (token-mean, N = Σ w). Colour: red < 0 · white = 0 · blue > 0, scale ±%.3g. "
                + "Grey dashed = weight 0 %s. KL terms are not included.", max,
                m == Mode.DIFFERENCE ? "under both" : m == Mode.STORED_WEIGHTS ? "as stored" : "under the chosen policy"));
        tokens.getChildren().clear();
        int n = Math.min(t.length(), MAX_TOKENS);
        for (int i = 0; i < n; i++) {
            tokens.getChildren().add(token(t, i, values[i], max, m));
        }
        if (t.length() > n) {
            tokens.getChildren().add(new Label("… " + (t.length() - n) + " more tokens not drawn"));
        }
    }

    private Label token(TokenArrays t, int i, float v, double max, Mode m) {
        Label l = new Label(t.tokenText()[i].replace("\n", "¶").replace(" ", "·"));
        boolean maskedBefore = t.lossWeights()[i] == 0f;
        boolean maskedAfter = result.afterWeights()[i] == 0f;
        boolean masked = switch (m) {
            case STORED_WEIGHTS -> maskedBefore;
            case OTHER_POLICY -> maskedAfter;
            case DIFFERENCE -> maskedBefore && maskedAfter;
        };
        String style;
        if (masked) {
            style = "-fx-background-color: #ececec; -fx-border-color: #a0a0a0; -fx-border-style: dashed; -fx-text-fill: #777777;";
        } else {
            // t ∈ [0, 1] with 0.5 = white at zero, symmetric around it
            Color c = Palette.RD_BU.at(max == 0 ? 0.5 : 0.5 + 0.5 * v / max);
            style = "-fx-background-color: " + Palette.hex(c) + "; -fx-text-fill: "
                    + (Palette.isDark(c) ? "white" : "black") + ";";
        }
        l.setStyle(style + " -fx-font-family: 'DejaVu Sans Mono', monospace; -fx-font-size: 12px; -fx-padding: 0 1 0 1;");
        l.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s  role %s%nweight stored %.2f → %.2f%nA %.4f  ρ %.3f%n"
                        + "c stored-weights %.5f%nc other policy %.5f%ndifference %.5f", t.tokenText()[i], t.roles()[i],
                t.lossWeights()[i], result.afterWeights()[i], t.advantages()[i], result.ratios().ratios()[i],
                result.before().contributions()[i], result.after().contributions()[i], result.difference()[i])));
        return l;
    }

    /** The last recomputation (tests). */
    public WhatIfMasking result() {
        return result;
    }

    public ComboBox<MaskPolicy> policyChooser() {
        return policy;
    }

    public ComboBox<Mode> modeChooser() {
        return mode;
    }
}
