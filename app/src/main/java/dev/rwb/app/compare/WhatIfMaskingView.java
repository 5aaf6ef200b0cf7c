package dev.rwb.app.compare;

import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.Palette;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.RecoveredUpdate;
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

import java.util.Locale;
import java.util.function.Function;

/**
 * What-if masking on one stored trajectory: pick another mask policy and see every token's
 * contribution recomputed by the engine, coloured (RdBu, white at zero) as stored-weights,
 * other-policy, or the difference. Mount it beside the inspector and call {@link #show} with the
 * selected trajectory: {@code new Tab("What-if masking", new WhatIfMaskingView())}.
 *
 * <p>The colours follow the token view's rules: one scale per run by default (the run's largest
 * stored |c|), a floor below which a value is white, and "no signal" said in words. In the
 * difference mode only a change of weight or of sign is heat-coloured; a token whose weight and
 * direction are unchanged, and whose |c| moved only because the normaliser N did, is drawn pale
 * grey and dotted and counted as renormalised, never as pushed down.
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
    private final ComboBox<ScaleScope> scope = new ComboBox<>();
    private final Label noSignal = new Label();
    private ScaleContext context = ScaleContext.UNKNOWN;
    private final FlowPane tokens = new FlowPane();
    private final Label summary = new Label("No trajectory.");
    private final Label legend = new Label();
    private final Function<String, RunRecipes.RunRecipe> recipes;
    private Trajectory trajectory;
    private RunRecipes.RunRecipe recipe;
    private WhatIfMasking result;

    /** A view that recomputes every trajectory with the engine's default recipe (no run configs at hand). */
    public WhatIfMaskingView() {
        this(RunRecipes.DEFAULTS);
    }

    /** @param recipes the training recipe of a run by name (its clip, KL, aggregation and mask policy) */
    public WhatIfMaskingView(Function<String, RunRecipes.RunRecipe> recipes) {
        this.recipes = recipes;
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
        scope.getItems().setAll(ScaleScope.values());
        scope.setValue(ScaleScope.RUN);
        scope.setId("whatif-scope");
        noSignal.setId("whatif-no-signal");
        noSignal.setStyle("-fx-font-weight: bold; -fx-background-color: #fff3c4; -fx-padding: 1 6 1 6;");
        noSignal.setVisible(false);
        noSignal.setManaged(false);
        HBox bar = new HBox(8, new Label("Mask policy"), policy, new Label("Colour"), mode, new Label("Scale"), scope,
                noSignal);
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
        scope.valueProperty().addListener((obs, o, m) -> draw());
    }

    /** The trajectory shown, or null before the first {@link #show}. */
    public Trajectory trajectory() {
        return trajectory;
    }

    /** Shows a trajectory (recomputing under the chosen policy) with nothing known of its run. */
    public void show(Trajectory t) {
        show(t, ScaleContext.UNKNOWN);
    }

    /** Shows a trajectory with its run's and group's ranges, for the run and group scales. */
    public void show(Trajectory t, ScaleContext scaleContext) {
        trajectory = t;
        context = scaleContext == null ? ScaleContext.UNKNOWN : scaleContext;
        String none = t == null ? "" : LegendText.noSignal(t.tokens(), context);
        noSignal.setText(none);
        noSignal.setVisible(!none.isEmpty());
        noSignal.setManaged(!none.isEmpty());
        recompute();
    }

    private void recompute() {
        if (trajectory == null || policy.getValue() == null) {
            return;
        }
        try {
            recipe = recipes.apply(trajectory.run());
            result = WhatIfMasking.of(trajectory.tokens(), policy.getValue(), recipe.recipe().contributions());
        } catch (IllegalArgumentException e) {
            result = null;
            summary.setText("Cannot recompute: " + e.getMessage());
            tokens.getChildren().clear();
            return;
        }
        RecoveredUpdate r = result.ratios();
        summary.setText(String.format(Locale.ROOT, "%s · step %d · %d tokens · reward %.2f. %s%s",
                trajectory.run(), trajectory.step(), trajectory.tokens().length(), trajectory.reward(),
                !r.updated() ? "This trajectory's batch took no update (every advantage 0): every contribution stays 0."
                        : String.format(Locale.ROOT, "Ratios ρ: %d recovered from the stored contributions with N̂ = %.4g "
                        + "(%s), %d assumed 1 (weight 0 or nothing to invert).", r.derived(), r.normaliser(),
                        r.normaliserFromContributions() ? "median of w·(A − β·k′)/c: the median token on-policy"
                                : "this trajectory alone", r.assumed()),
                result.filledAdvantages() == 0 ? ""
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
        double own = 0;
        for (float v : values) {
            own = Math.max(own, Float.isFinite(v) ? Math.abs(v) : 0);
        }
        HeatScale scale = HeatScale.signed(ColorMode.CONTRIBUTION, own, scope.getValue(), context);
        int[] kinds = new int[DifferenceKind.values().length];
        tokens.getChildren().clear();
        int n = Math.min(t.length(), MAX_TOKENS);
        for (int i = 0; i < n; i++) {
            DifferenceKind kind = DifferenceKind.of(t.lossWeights()[i], result.afterWeights()[i],
                    result.before().contributions()[i], result.after().contributions()[i], scale.floor());
            kinds[kind.ordinal()]++;
            tokens.getChildren().add(token(t, i, values[i], scale, m, kind));
        }
        if (t.length() > n) {
            tokens.getChildren().add(new Label("… " + (t.length() - n) + " more tokens not drawn"));
        }
        legend.setText(legendText(m, scale, kinds));
    }

    private String legendText(Mode m, HeatScale scale, int[] kinds) {
        String base = String.format(Locale.ROOT, "c_t = w_t·A_t·ρ_t / N (0 where masked or clipped) − β·w_t·k'(t)/N where "
                + "KL is in the loss, recomputed on this trajectory alone with %s: %s, clip [1−%s, 1+%s], %s. ",
                recipe.source(), recipe.recipe().aggregation().key(), LegendText.number(recipe.recipe().clipLow()),
                LegendText.number(recipe.recipe().clipHigh()), recipe.recipe().klInLoss()
                        ? "KL " + recipe.recipe().config().kl().estimator().key() + " β = "
                        + LegendText.number(recipe.recipe().klBeta()) + " in the loss" : "no KL in the loss")
                + LegendText.palette(ColorMode.CONTRIBUTION)
                + "; " + scale.scaleText() + ". Values beyond the scale take its darkest colour.";
        if (m != Mode.DIFFERENCE) {
            return base + " Grey dashed = weight 0 " + (m == Mode.STORED_WEIGHTS ? "as stored." : "under the chosen policy.");
        }
        double nBefore = result.before().normaliser();
        double nAfter = result.after().normaliser();
        int renormalised = kinds[DifferenceKind.RENORMALISED.ordinal()];
        String share = renormalised == 0 ? "No token changed only through the normaliser."
                : String.format(Locale.ROOT, "Pale grey, dotted outline = same weight and direction, only the normaliser "
                        + "changed (N %s → %s, |c| × %s): %d tokens, not pushed the other way, just a %s share.",
                LegendText.number(nBefore), LegendText.number(nAfter),
                nAfter == 0 ? "–" : LegendText.number(nBefore / nAfter), renormalised,
                nAfter > nBefore ? "smaller" : "larger");
        return base + String.format(Locale.ROOT, " Difference chosen − stored, heat-coloured only where the weight "
                        + "changed (%d tokens) or the push changed sign (%d, black outline). %s White = unchanged (%d). "
                        + "Grey dashed = weight 0 under both.",
                kinds[DifferenceKind.REWEIGHTED.ordinal()], kinds[DifferenceKind.SIGN_CHANGED.ordinal()], share,
                kinds[DifferenceKind.UNCHANGED.ordinal()]);
    }

    private Label token(TokenArrays t, int i, float v, HeatScale scale, Mode m, DifferenceKind kind) {
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
        } else if (m == Mode.DIFFERENCE && kind == DifferenceKind.RENORMALISED) {
            // No heat colour: the token is pushed the same way as before, by a different share of N.
            style = "-fx-background-color: #f4f4f4; -fx-border-color: #444444; -fx-border-style: dotted; -fx-text-fill: black;";
        } else {
            String c = scale.binHex(m == Mode.DIFFERENCE && kind == DifferenceKind.UNCHANGED ? HeatScale.SIGNED_HALF_BINS
                    : scale.bin(v));
            style = "-fx-background-color: " + c + "; -fx-text-fill: " + (Palette.isDark(c) ? "white" : "black") + ";"
                    + (m == Mode.DIFFERENCE && kind == DifferenceKind.SIGN_CHANGED
                    ? " -fx-border-color: black; -fx-border-width: 1.5;" : "");
        }
        l.getStyleClass().add("whatif-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        l.setStyle(style + " -fx-font-family: 'DejaVu Sans Mono', monospace; -fx-font-size: 12px; -fx-padding: 0 1 0 1;");
        l.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s  role %s%nweight stored %.2f → %.2f%nA %.4f  ρ %.3f%n"
                        + "c stored-weights %.5f%nc other policy %.5f%ndifference %.5f (%s)", t.tokenText()[i], t.roles()[i],
                t.lossWeights()[i], result.afterWeights()[i], t.advantages()[i], result.ratios().ratios()[i],
                result.before().contributions()[i], result.after().contributions()[i], result.difference()[i],
                describe(kind))));
        return l;
    }

    private static String describe(DifferenceKind kind) {
        return switch (kind) {
            case UNCHANGED -> "unchanged";
            case REWEIGHTED -> "the weight changed";
            case SIGN_CHANGED -> "the push changed direction";
            case RENORMALISED -> "same weight and direction, only the normaliser N changed";
        };
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

    /** The scale chooser: one per run (default), per group or per trajectory. */
    public ComboBox<ScaleScope> scopeChooser() {
        return scope;
    }

    /** The "no signal" label (empty and hidden when the trajectory has signal). */
    public Label noSignalLabel() {
        return noSignal;
    }

    /** The legend under the chooser bar. */
    public Label legendLabel() {
        return legend;
    }
}
