package dev.rwb.engine.lint.drift;

import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.diff.TokenAligner;
import dev.rwb.engine.diff.TokenAlignment;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.lint.LintContext;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.lint.TrajectoryCheck;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Template and retokenisation drift of a trajectory that has its sampled ids (not text-only):
 * <ul>
 *   <li>retokenisation: decode the stored ids, encode the text again, align; every stretch that
 *       differs is a {@link LintCode#RETOKENISATION_DRIFT} finding (trl #5224: the trainer
 *       re-encodes the decoded text and trains on ids the model never sampled);</li>
 *   <li>template (with a chat template): recover the messages from the stored text
 *       ({@link ChatMlTurns}, or {@link Llama3Turns}), render them with the model's template, encode, align; every stretch
 *       that differs is a {@link LintCode#TEMPLATE_DRIFT} finding (verl #6501: a {@code \n}
 *       dropped at every tool turn).</li>
 * </ul>
 * A stretch only the re-render has at the very end is not drift: the template closes the last
 * turn with a newline the model never samples, and a truncated last turn with its end marker.
 * Findings name the stored positions (for a stretch missing from the stored ids: the tokens on
 * both sides of the gap) and say what kind of difference it is.
 */
public final class DriftCheck implements TrajectoryCheck {
    /** Findings per trajectory and code beyond which the rest are summed up in one line. */
    static final int MAX_FINDINGS = 40;

    private final HfTokenizer tokenizer;
    private final ChatTemplate template;

    /**
     * @param tokenizer the model's tokenizer
     * @param template the model's chat template, or null for the retokenisation check only
     */
    public DriftCheck(HfTokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
    }

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        if (t.textOnly() || t.tokens().length() == 0) {
            return List.of(); // ids re-derived from text have nothing sampled to compare with
        }
        int[] stored = t.tokens().tokenIds();
        String text = tokenizer.decode(stored);
        List<LintFinding> out = new ArrayList<>(compare(t.id(), stored, tokenizer.encode(text),
                LintCode.RETOKENISATION_DRIFT, "decode → encode"));
        if (template != null) {
            ChatMlTurns.Parsed chat = turns(text);
            if (!chat.messages().isEmpty()) {
                String rendered = template.render(chat.messages(), RenderOptions.defaults());
                out.addAll(compare(t.id(), stored, tokenizer.encode(rendered), LintCode.TEMPLATE_DRIFT,
                        "the re-rendered chat"));
            }
        }
        return out;
    }

    /** Whether the template check can run on this trajectory (it has ids and ChatML or Llama 3 turns). */
    public boolean templateApplies(Trajectory t) {
        return template != null && !t.textOnly() && t.tokens().length() > 0
                && !turns(tokenizer.decode(t.tokens().tokenIds())).messages().isEmpty();
    }

    /** The chat's messages, from ChatML markers (Qwen) or else Llama 3 headers. */
    static ChatMlTurns.Parsed turns(String text) {
        ChatMlTurns.Parsed chatMl = ChatMlTurns.parse(text);
        return chatMl.messages().isEmpty() ? Llama3Turns.parse(text) : chatMl;
    }

    private List<LintFinding> compare(long id, int[] stored, int[] expected, LintCode code, String against) {
        TokenAlignment alignment = TokenAligner.align(stored, expected);
        List<LintFinding> out = new ArrayList<>();
        List<TokenAlignment.Chunk> diffs = alignment.differences();
        int shown = 0;
        List<Integer> rest = new ArrayList<>();
        for (TokenAlignment.Chunk c : diffs) {
            if (c.kind() == TokenAlignment.Kind.INSERT && c.aFrom() == stored.length) {
                continue; // the template's closing newline / end marker after the last sampled token
            }
            List<Integer> positions = storedPositions(c, stored.length);
            if (shown < MAX_FINDINGS) {
                out.add(new LintFinding(id, code, positions, describe(c, stored, expected, against, code)));
                shown++;
            } else {
                rest.addAll(positions);
            }
        }
        if (!rest.isEmpty()) {
            out.add(new LintFinding(id, code, rest, "… and " + (diffs.size() - shown) + " more stretches that differ from "
                    + against));
        }
        return out;
    }

    private static List<Integer> storedPositions(TokenAlignment.Chunk c, int storedLength) {
        List<Integer> p = new ArrayList<>();
        if (c.aLength() == 0) {
            // missing from the stored ids: mark the tokens on both sides of the gap
            if (c.aFrom() > 0) {
                p.add(c.aFrom() - 1);
            }
            if (c.aFrom() < storedLength) {
                p.add(c.aFrom());
            }
            return p;
        }
        for (int i = c.aFrom(); i < c.aTo(); i++) {
            p.add(i);
        }
        return p;
    }

    private String describe(TokenAlignment.Chunk c, int[] stored, int[] expected, String against, LintCode code) {
        String s = text(stored, c.aFrom(), c.aTo());
        String e = text(expected, c.bFrom(), c.bTo());
        String where = c.aLength() == 0 ? "before stored position " + c.aFrom()
                : c.aLength() == 1 ? "at stored position " + c.aFrom()
                : "at stored positions " + c.aFrom() + "-" + (c.aTo() - 1);
        String kind = DriftKind.of(tokenizer.decode(java.util.Arrays.copyOfRange(stored, c.aFrom(), c.aTo())),
                tokenizer.decode(java.util.Arrays.copyOfRange(expected, c.bFrom(), c.bTo())),
                before(stored, c.aFrom()), after(stored, c.aTo())).phrase();
        String why = code == LintCode.TEMPLATE_DRIFT
                ? ": the trainer re-renders the chat and trains on other ids than the model sampled"
                : ": a trainer that re-encodes the decoded text trains on ids the model never sampled";
        return kind + " " + where + ": stored " + ids(stored, c.aFrom(), c.aTo()) + " " + quote(s) + ", " + against
                + " gives " + ids(expected, c.bFrom(), c.bTo()) + " " + quote(e) + why;
    }

    private String before(int[] ids, int i) {
        return i > 0 ? tokenizer.decodeToken(ids[i - 1]) : "";
    }

    private String after(int[] ids, int i) {
        return i < ids.length ? tokenizer.decodeToken(ids[i]) : "";
    }

    /** The tokens' texts joined by '|', so a different split shows. */
    private String text(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(i > from ? "|" : "").append(tokenizer.decodeToken(ids[i]));
        }
        return sb.toString();
    }

    private static String ids(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < to && i < from + 8; i++) {
            sb.append(i > from ? ", " : "").append(ids[i]);
        }
        return sb.append(to - from > 8 ? ", …]" : "]").toString();
    }

    /** The text in quotes with newlines and tabs made visible. */
    static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "…" : s;
        return "'" + shown.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
