package dev.rwb.engine.simulate;

import dev.rwb.engine.env.rollout.AnswerExtractor;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one simulated episode as ordered pieces, each with the role that wrote it, its turn
 * and a {@link Tone}, plus what the checker needs (final answer, finish reason); every TOOL_CALL piece is one tool call.
 * Turn 0 is the prompt and the first model turn; every tool response ends a turn.
 */
final class EpisodeText {
    /** One stretch of text written by one role. */
    record Piece(String text, Role role, int turn, Tone tone) {
    }

    private final List<Piece> pieces = new ArrayList<>();
    private int turn;
    private String finalAnswer;
    private FinishReason finish = FinishReason.STOP;

    EpisodeText system(String text) {
        return add(text, Role.SYSTEM, Tone.CONFIDENT);
    }

    EpisodeText prompt(String text) {
        return add(text, Role.PROMPT, Tone.CONFIDENT);
    }

    EpisodeText think(String text, Tone tone) {
        return add("<think>" + text + "</think>", Role.REASONING, tone);
    }

    /** Reasoning that never closes (the budget ran out or the model looped). */
    EpisodeText openThink(String text, Tone tone) {
        return add("<think>" + text, Role.REASONING, tone);
    }

    /** A tool call {@code <tag>body</tag>}. */
    EpisodeText call(String tag, String body, Tone tone) {
        return add("<" + tag + ">" + body + "</" + tag + ">", Role.TOOL_CALL, tone);
    }

    /**
     * A tool's observation, already in its tags ({@link dev.rwb.engine.env.Observation#text()}); the next
     * model text starts a new turn.
     */
    EpisodeText observation(String tagged) {
        add(tagged, Role.TOOL_RESPONSE, Tone.CONFIDENT);
        turn++;
        return this;
    }

    /** {@code <answer>answerText</answer>}; the final answer is what the engine extracts from it (stripped). */
    EpisodeText answer(String answerText, Tone tone) {
        add("<answer>" + answerText + "</answer>", Role.ANSWER, tone);
        finalAnswer = AnswerExtractor.extract(pieces.get(pieces.size() - 1).text());
        return this;
    }

    /** Model text outside any tag (newlines, end of sequence). */
    EpisodeText other(String text, Tone tone) {
        return add(text, Role.OTHER_MODEL, tone);
    }

    /** Appends a piece of another episode (role and tone kept, turn renumbered). */
    EpisodeText append(Piece piece) {
        add(piece.text(), piece.role(), piece.tone());
        if (piece.role() == Role.ANSWER) {
            finalAnswer = AnswerExtractor.extract(piece.text());
        }
        if (piece.role() == Role.TOOL_RESPONSE) {
            turn++;
        }
        return this;
    }

    EpisodeText finish(FinishReason reason) {
        this.finish = reason;
        return this;
    }

    private EpisodeText add(String text, Role role, Tone tone) {
        pieces.add(new Piece(text, role, turn, tone));
        return this;
    }

    List<Piece> pieces() {
        return pieces;
    }

    /** The answer text, or null when the model never answered. */
    String finalAnswer() {
        return finalAnswer;
    }

    FinishReason finishReason() {
        return finish;
    }

    /** Whole text, for building the vocabulary. */
    String text() {
        StringBuilder sb = new StringBuilder();
        pieces.forEach(p -> sb.append(p.text()));
        return sb.toString();
    }
}
