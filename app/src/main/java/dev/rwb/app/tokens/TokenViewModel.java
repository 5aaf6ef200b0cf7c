package dev.rwb.app.tokens;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.StyleSpans;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * State of the token view: which trajectory, which colour mode, the laid-out document, the fitted
 * scale and the token under focus. The view only renders what this exposes.
 *
 * <p>Signed modes are scaled over the {@link ScaleScope} chosen (one scale per run by default);
 * the run's and the group's ranges come with the trajectory in its {@link ScaleContext}.
 */
public final class TokenViewModel {
    private final ObjectProperty<Trajectory> trajectory = new SimpleObjectProperty<>(this, "trajectory");
    private final ObjectProperty<ColorMode> mode = new SimpleObjectProperty<>(this, "mode", ColorMode.CONTRIBUTION);
    private final BooleanProperty showSpaces = new SimpleBooleanProperty(this, "showSpaces", false);
    private final ObjectProperty<ScaleScope> scope = new SimpleObjectProperty<>(this, "scope", ScaleScope.RUN);
    private final ReadOnlyObjectWrapper<ScaleContext> context = new ReadOnlyObjectWrapper<>(this, "context",
            ScaleContext.UNKNOWN);
    private final ReadOnlyStringWrapper noSignal = new ReadOnlyStringWrapper(this, "noSignal", "");
    private final ReadOnlyObjectWrapper<TokenDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyObjectWrapper<HeatScale> scale = new ReadOnlyObjectWrapper<>(this, "scale");
    private final ReadOnlyIntegerWrapper focusedToken = new ReadOnlyIntegerWrapper(this, "focusedToken", -1);
    private final ReadOnlyStringWrapper focusedTokenInfo = new ReadOnlyStringWrapper(this, "focusedTokenInfo", "");
    private final ReadOnlyObjectWrapper<Change> change = new ReadOnlyObjectWrapper<>(this, "change");
    private final ReadOnlyObjectWrapper<TokenMarks> marks = new ReadOnlyObjectWrapper<>(this, "marks", TokenMarks.NONE);
    private final TokenStyler styler = new TokenStyler();
    private boolean showing;
    /** Gutter glyph per paragraph of the current document and marks (absent = no mark on that line). */
    private Map<Integer, TokenMarks.Kind> markedParagraphs = Map.of();

    /**
     * What the view must redraw after a change of state: the whole text (a new trajectory or
     * whitespace option) or only the colours (a new mode). One event per change, so the view never
     * draws a half-updated state. The serial keeps two equal changes distinct (change listeners
     * compare with equals).
     */
    public record Change(long serial, boolean newText) {
    }

    public TokenViewModel() {
        trajectory.addListener((obs, old, now) -> {
            if (!showing) {
                // Set directly, without its run and group: do not keep another trajectory's context.
                context.set(ScaleContext.UNKNOWN);
            }
            relayout();
        });
        showSpaces.addListener((obs, old, now) -> relayout());
        mode.addListener((obs, old, now) -> refit());
        scope.addListener((obs, old, now) -> refit());
    }

    /**
     * Shows a trajectory with what its scales need to know about its run and group: the context
     * is in place before the trajectory changes, so listeners of the trajectory see both.
     */
    public void show(Trajectory t, ScaleContext scaleContext) {
        context.set(scaleContext == null ? ScaleContext.UNKNOWN : scaleContext);
        if (trajectory.get() == t) {
            relayout();
            return;
        }
        showing = true;
        try {
            trajectory.set(t);
        } finally {
            showing = false;
        }
    }

    private HeatScale fit(Trajectory t) {
        return t == null ? null : HeatScale.fit(mode.get(), t.tokens(), scope.get(), context.get());
    }

    private void relayout() {
        Trajectory t = trajectory.get();
        focusedToken.set(-1);
        focusedTokenInfo.set("");
        scale.set(fit(t));
        noSignal.set(t == null ? "" : LegendText.noSignal(t.tokens(), context.get()));
        document.set(t == null ? null : TokenDocument.of(t.tokens(), showSpaces.get()));
        markedParagraphs = paragraphsOf(document.get(), activeMarks());
        change.set(new Change(change.get() == null ? 1 : change.get().serial() + 1, true));
    }

    private void refit() {
        Trajectory t = trajectory.get();
        scale.set(fit(t));
        change.set(new Change(change.get() == null ? 1 : change.get().serial() + 1, false));
    }

    /**
     * Pins findings to tokens (lint ⚠, drift ≠). Marks of a trajectory other than the shown one are
     * kept and drawn once it is shown, so findings and tokens may arrive in either order.
     */
    public void setMarks(TokenMarks newMarks) {
        marks.set(newMarks == null ? TokenMarks.NONE : newMarks);
        markedParagraphs = paragraphsOf(document.get(), activeMarks());
        change.set(new Change(change.get() == null ? 1 : change.get().serial() + 1, false));
    }

    /** The marks as set (possibly of another trajectory than the shown one). */
    public ReadOnlyObjectProperty<TokenMarks> marksProperty() {
        return marks.getReadOnlyProperty();
    }

    /** The marks of the shown trajectory ({@link TokenMarks#NONE} when the marks are of another one). */
    public TokenMarks activeMarks() {
        Trajectory t = trajectory.get();
        TokenMarks m = marks.get();
        return t != null && m.trajectoryId() == t.id() ? m : TokenMarks.NONE;
    }

    /** The gutter glyph's kind of a paragraph (line) of the shown document, or null when it has no mark. */
    public TokenMarks.Kind markOfParagraph(int paragraph) {
        return markedParagraphs.get(paragraph);
    }

    private static Map<Integer, TokenMarks.Kind> paragraphsOf(TokenDocument doc, TokenMarks m) {
        if (doc == null || m.size() == 0) {
            return Map.of();
        }
        Map<Integer, TokenMarks.Kind> out = new HashMap<>();
        String text = doc.text();
        int paragraph = 0;
        int scanned = 0;
        for (int token : m.byToken().keySet()) { // ascending positions: count newlines once
            if (token < 0 || token >= doc.tokens().length()) {
                continue;
            }
            int start = doc.tokenStart(token);
            for (; scanned < start; scanned++) {
                if (text.charAt(scanned) == '\n') {
                    paragraph++;
                }
            }
            TokenMarks.Kind kind = m.kindOf(token);
            out.merge(paragraph, kind, TokenMarks::stronger);
        }
        return out;
    }

    /** Fires once per state change (a fresh object each time). */
    public ReadOnlyObjectProperty<Change> changeProperty() {
        return change.getReadOnlyProperty();
    }

    /** The current document with the styles of the current mode (null when nothing is shown). */
    public ReadOnlyStyledDocument<Collection<String>, String, Collection<String>> styledDocument() {
        TokenDocument doc = document.get();
        return doc == null ? null : styler.styledDocument(doc, mode.get(), scale.get(), activeMarks());
    }

    /** The style spans of the current document, mode and scale (null when nothing is shown). */
    public StyleSpans<Collection<String>> spans() {
        TokenDocument doc = document.get();
        return doc == null ? null : styler.spans(doc, mode.get(), scale.get());
    }

    /** Marks the token at a character offset as focused (caret or hover); separators clear it. */
    public void focusCharacter(int charIndex) {
        TokenDocument doc = document.get();
        int token = doc == null ? -1 : doc.tokenAt(charIndex);
        focusedToken.set(token);
        focusedTokenInfo.set(token < 0 ? "" : TokenInfo.oneLine(doc.tokens(), token) + markNotes(token, " · "));
    }

    /** The notes of a token's marks, each after {@code separator} ("" when unmarked). */
    public String markNotes(int token, String separator) {
        StringBuilder sb = new StringBuilder();
        for (TokenMarks.Mark mk : activeMarks().of(token)) {
            sb.append(separator).append(mk.kind().glyph()).append(' ').append(mk.note());
        }
        return sb.toString();
    }

    public ObjectProperty<Trajectory> trajectoryProperty() {
        return trajectory;
    }

    public ObjectProperty<ColorMode> modeProperty() {
        return mode;
    }

    /** What signed modes are scaled over (one scale per run by default). */
    public ObjectProperty<ScaleScope> scopeProperty() {
        return scope;
    }

    /** The run's and group's ranges of the shown trajectory ({@link ScaleContext#UNKNOWN} if not known). */
    public ReadOnlyObjectProperty<ScaleContext> contextProperty() {
        return context.getReadOnlyProperty();
    }

    /** "no signal (all rewards equal)" and the like for the shown trajectory, "" when it has signal. */
    public ReadOnlyStringProperty noSignalProperty() {
        return noSignal.getReadOnlyProperty();
    }

    public BooleanProperty showSpacesProperty() {
        return showSpaces;
    }

    public ReadOnlyObjectProperty<TokenDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HeatScale> scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty focusedTokenProperty() {
        return focusedToken.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty focusedTokenInfoProperty() {
        return focusedTokenInfo.getReadOnlyProperty();
    }
}
