package dev.rwb.app.tokens;

import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Shows one trajectory token by token in a RichTextFX area (virtualised by paragraph, one text
 * node per run of equally styled tokens), with the mode bar, legend, hover tooltip, caret details
 * bar, Ctrl+F find and turn navigation.
 */
public final class TokenView extends BorderPane {
    private static final int MAX_HIGHLIGHTED_MATCHES = 5000;
    private static final double GUTTER_WIDTH = 18;
    /** Below this height (a 1366×768 laptop) the legend folds its detail lines; a 1600×1000 window keeps them. */
    private static final double LEGEND_DETAILS_MIN_HEIGHT = 360;

    private final TokenViewModel model;
    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final TokenLegend legend = new TokenLegend();
    private final Label details = new Label();
    private final Label tooltipLabel = new Label();
    private final Popup tooltip = new Popup();
    private final FindBar findBar;
    private TokenDocument.Matches matches = TokenDocument.Matches.NONE;
    private int currentMatch = -1;

    public TokenView(TokenViewModel model) {
        this.model = model;
        getStyleClass().add("token-view");
        getStylesheets().add(TokenStylesheet.dataUri());
        area.setId("token-area");
        area.getStyleClass().add("token-area");
        area.setEditable(false);
        // Read-only areas hide the caret (AUTO shows it only while editable); n / p move it, so show it.
        area.setShowCaret(org.fxmisc.richtext.Caret.CaretVisibility.ON);
        // and without blinking: right after n / p the caret must be there, not in its off phase. Inline,
        // because RichTextFX's stylesheet sets the blink rate and a stylesheet beats a value set in code.
        ((org.fxmisc.richtext.CaretNode) area.getCaretSelectionBind().getUnderlyingCaret()).setStyle("-rtfx-blink-rate: 0ms;");
        area.setWrapText(true);
        area.setPadding(new Insets(8));
        area.setParagraphGraphicFactory(this::gutter);
        details.setId("token-details");
        details.setPadding(new Insets(2, 8, 2, 8));
        details.textProperty().bind(model.focusedTokenInfoProperty());
        findBar = new FindBar(new FindActions());
        findBar.setVisible(false);
        findBar.setManaged(false);
        setTop(new ModeBar(model));
        setCenter(new VirtualizedScrollPane<>(area));
        setBottom(new VBox(findBar, details, legend));
        heightProperty().addListener((obs, old, h) -> legend.fitTo(h.doubleValue(), LEGEND_DETAILS_MIN_HEIGHT));
        installTooltip();
        area.caretPositionProperty().addListener((obs, old, now) -> model.focusCharacter(now));
        model.changeProperty().addListener((obs, old, now) -> {
            if (now.newText()) {
                showDocument();
            } else {
                restyle();
            }
        });
        showDocument();
    }

    private void installTooltip() {
        tooltipLabel.setId("token-tooltip");
        tooltipLabel.getStyleClass().add("token-tooltip");
        tooltip.getContent().add(tooltipLabel);
        area.setMouseOverTextDelay(Duration.ofMillis(150));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN,
                e -> showTooltip(e.getCharacterIndex(), e.getScreenPosition()));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> tooltip.hide());
    }

    /** Reused line cells keep their graphic: setting the factory again redraws every visible gutter. */
    private void refreshGutter() {
        area.setParagraphGraphicFactory(null);
        area.setParagraphGraphicFactory(this::gutter);
    }

    /** The gutter of a line: ⚠ (lint) or ≠ (drift) when one of its tokens is marked, else an empty cell. */
    private javafx.scene.Node gutter(int paragraph) {
        TokenMarks.Kind kind = model.markOfParagraph(paragraph);
        Label glyph = new Label(kind == null ? "" : kind.glyph());
        glyph.getStyleClass().add("mark-gutter");
        // a fixed column, so marked and unmarked lines start at the same x; the glyph sits at the line's top
        glyph.setMinWidth(GUTTER_WIDTH);
        glyph.setPrefWidth(GUTTER_WIDTH);
        glyph.setMinHeight(Region.USE_PREF_SIZE);
        glyph.setAlignment(javafx.geometry.Pos.TOP_CENTER);
        if (kind == TokenMarks.Kind.DRIFT) {
            glyph.getStyleClass().add("mark-gutter-drift");
        } else if (kind == TokenMarks.Kind.NOTE) {
            glyph.getStyleClass().add("mark-gutter-note");
        }
        return glyph;
    }

    /** Shows the hover tooltip for the token at a character offset, near a screen point. */
    void showTooltip(int charIndex, Point2D screen) {
        TokenDocument doc = model.documentProperty().get();
        int token = doc == null ? -1 : doc.tokenAt(charIndex);
        if (token < 0) {
            tooltip.hide();
            return;
        }
        tooltipLabel.setText(TokenInfo.describe(doc.tokens(), token) + model.markNotes(token, "\n"));
        if (getScene() != null && getScene().getWindow() != null) {
            tooltip.show(getScene().getWindow(), screen.getX() + 14, screen.getY() + 14);
        }
    }

    private void showDocument() {
        TokenDocument doc = model.documentProperty().get();
        clearFind();
        legend.show(model.modeProperty().get(), model.scaleProperty().get(), model.noSignalProperty().get());
        if (doc == null) {
            area.clear();
        } else {
            area.replace(0, area.getLength(), model.styledDocument());
        }
        area.moveTo(0);
        area.showParagraphAtTop(0);
        refreshGutter();
        if (findBar.isVisible() && !findBar.field().getText().isEmpty()) {
            new FindActions().search(findBar.field().getText());
        }
    }

    /** Re-colours for a new mode: one document replace, keeping caret and scroll position. */
    private void restyle() {
        legend.show(model.modeProperty().get(), model.scaleProperty().get(), model.noSignalProperty().get());
        TokenDocument doc = model.documentProperty().get();
        if (doc == null || area.getLength() != doc.text().length()) {
            return;
        }
        int caret = area.getCaretPosition();
        int firstVisible = area.firstVisibleParToAllParIndex();
        area.replace(0, area.getLength(), model.styledDocument());
        area.moveTo(caret);
        area.showParagraphAtTop(firstVisible);
        refreshGutter();
        highlightMatches();
    }

    /** Moves the caret to the start of the next (+1) or previous (-1) turn and scrolls it to the top. */
    public void jumpTurn(int direction) {
        TokenDocument doc = model.documentProperty().get();
        if (doc == null) {
            return;
        }
        int caret = area.getCaretPosition();
        int target = -1;
        for (int start : doc.turnStarts()) {
            if (direction > 0 && start > caret) {
                target = start;
                break;
            }
            if (direction < 0 && start < caret) {
                target = start;
            }
        }
        if (target >= 0) {
            area.moveTo(target);
            area.showParagraphAtTop(area.getCurrentParagraph());
        }
    }

    /** Opens the find bar and focuses its field. */
    public void openFind() {
        findBar.setVisible(true);
        findBar.setManaged(true);
        findBar.field().requestFocus();
        findBar.field().selectAll();
    }

    private void clearFind() {
        matches = TokenDocument.Matches.NONE;
        currentMatch = -1;
        findBar.showCount(0, 0);
    }

    private void highlightMatches() {
        for (int k = 0; k < Math.min(matches.count(), MAX_HIGHLIGHTED_MATCHES); k++) {
            int from = matches.starts()[k];
            area.setStyleSpans(from, area.getStyleSpans(from, from + matches.length()).mapStyles(TokenView::withHit));
        }
    }

    private static Collection<String> withHit(Collection<String> style) {
        List<String> out = new ArrayList<>(style);
        out.add("find-hit");
        return out;
    }

    private void selectMatch(int k) {
        if (matches.count() == 0) {
            findBar.showCount(0, 0);
            return;
        }
        currentMatch = Math.floorMod(k, matches.count());
        int from = matches.starts()[currentMatch];
        area.selectRange(from, from + matches.length());
        area.requestFollowCaret();
        findBar.showCount(currentMatch, matches.count());
    }

    /**
     * The first and last token of the text selected in the area ({@code {first, last}}), or null
     * when nothing is selected or the selection holds only separators.
     */
    public int[] selectedTokens() {
        TokenDocument doc = model.documentProperty().get();
        var sel = area.getSelection();
        if (doc == null || sel.getLength() == 0) {
            return null;
        }
        int first = -1;
        int last = -1;
        for (int c = sel.getStart(); c < sel.getEnd(); c++) {
            int t = doc.tokenAt(c);
            if (t >= 0) {
                first = first < 0 ? t : Math.min(first, t);
                last = Math.max(last, t);
            }
        }
        return first < 0 ? null : new int[]{first, last};
    }

    /** Offsets of the current find matches (for tests and the status bar). */
    public TokenDocument.Matches matches() {
        return matches;
    }

    public StyleClassedTextArea area() {
        return area;
    }

    public TokenLegend legend() {
        return legend;
    }

    private final class FindActions implements FindBar.Actions {
        @Override
        public void search(String query) {
            TokenDocument doc = model.documentProperty().get();
            restyleWithoutFind();
            matches = doc == null ? TokenDocument.Matches.NONE : doc.find(query);
            highlightMatches();
            selectMatch(0);
        }

        @Override
        public void next() {
            selectMatch(currentMatch + 1);
        }

        @Override
        public void previous() {
            selectMatch(currentMatch - 1);
        }

        @Override
        public void close() {
            findBar.setVisible(false);
            findBar.setManaged(false);
            area.requestFocus();
        }
    }

    private void restyleWithoutFind() {
        TokenDocument doc = model.documentProperty().get();
        for (int k = 0; k < Math.min(matches.count(), MAX_HIGHLIGHTED_MATCHES); k++) {
            int from = matches.starts()[k];
            area.setStyleSpans(from, area.getStyleSpans(from, from + matches.length()).mapStyles(TokenView::withoutHit));
        }
        if (doc == null) {
            matches = TokenDocument.Matches.NONE;
        }
    }

    private static Collection<String> withoutHit(Collection<String> style) {
        List<String> out = new ArrayList<>(style);
        out.remove("find-hit");
        return out;
    }
}
