package dev.rwb.engine.chat;

import dev.rwb.engine.trajectory.Role;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A chat rendered with its model's template, cut into spans that say who wrote each character:
 * template scaffold ({@code <|im_start|>user\n}, tool-schema preambles, the newline after an
 * end-of-turn token) is {@link Role#SYSTEM} with weight 0, as are system prompts; user text is
 * {@link Role#PROMPT}, tool results {@link Role#TOOL_RESPONSE}; what the model wrote is
 * {@link Role#OTHER_MODEL} with the message's loss weight (the token builder refines it by its tags:
 * {@code <think>} → REASONING, {@code <tool_call>} → TOOL_CALL).
 *
 * <p>What the model wrote is found the way it was generated: an assistant turn starts where the
 * chat before it, rendered with {@code add_generation_prompt}, ends (so the generation header and
 * any header the template adds, such as Qwen3's empty {@code <think></think>} with thinking off,
 * stay scaffold), and ends with the first end-of-sequence token after that, which the model
 * sampled and so is in the loss. Other messages are found by their text. A template that moves
 * text so that neither holds leaves it as scaffold and counts it in {@link #unlocated()}.
 *
 * @param text the rendered chat
 * @param spans contiguous spans covering the text in order
 * @param unlocated messages whose text could not be found in the render
 */
public record RenderedChat(String text, List<Span> spans, int unlocated) {

    /**
     * A stretch {@code [start, end)} of the text.
     *
     * @param message index of the message that wrote it, or -1 for template scaffold
     */
    public record Span(int start, int end, Role role, float weight, int message) {
        public String text(String of) {
            return of.substring(start, end);
        }
    }

    public RenderedChat {
        spans = List.copyOf(spans);
    }

    /** The span holding character {@code index} (the last span for the end of the text). */
    public Span spanAt(int index) {
        int lo = 0;
        int hi = spans.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (spans.get(mid).start() <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return spans.get(lo);
    }

    /**
     * Renders {@code messages} and finds each message's text in the result.
     *
     * @param eosTokens the texts of the model's end-of-sequence tokens (e.g. {@code <|im_end|>})
     */
    static RenderedChat of(ChatTemplate template, List<ChatMessage> messages, RenderOptions options,
                           List<String> eosTokens) {
        String text = template.render(messages, options);
        List<Span> found = new ArrayList<>();
        int unlocated = 0;
        // Pass 1: assistant turns, where generation started and stopped.
        int[][] turns = new int[messages.size()][];
        int cursor = 0;
        for (int k = 0; k < messages.size(); k++) {
            ChatMessage m = messages.get(k);
            if (!m.isAssistant()) {
                continue;
            }
            int start = generationStart(template, messages, k, options, text, cursor);
            if (start < 0) {
                unlocated++;
                continue;
            }
            int bound = renderedLength(template, messages.subList(0, k + 1), options.withGenerationPrompt(false), text);
            if (bound < start) {
                bound = text.length();
            }
            int end = firstEos(text, start, bound, eosTokens);
            turns[k] = new int[]{start, end};
            cursor = end;
        }
        // Pass 2: the other messages by their text, between the assistant turns around them.
        int from = 0;
        for (int k = 0; k < messages.size(); k++) {
            if (turns[k] != null) {
                ChatMessage m = messages.get(k);
                found.add(new Span(turns[k][0], turns[k][1], Role.OTHER_MODEL, m.weight(), k));
                from = turns[k][1];
                continue;
            }
            ChatMessage m = messages.get(k);
            if (m.isAssistant() || m.content().isEmpty()) {
                continue;
            }
            int until = text.length();
            for (int j = k + 1; j < messages.size(); j++) {
                if (turns[j] != null) {
                    until = turns[j][0];
                    break;
                }
            }
            int[] at = locate(text, m.content(), from, until);
            if (at == null) {
                unlocated++;
                continue;
            }
            found.add(new Span(at[0], at[1], roleOf(m), 0f, k));
            from = at[1];
        }
        return new RenderedChat(text, fillScaffold(found, text.length()), unlocated);
    }

    /** Where the model began writing message {@code k}: the end of the prompt it was given. */
    private static int generationStart(ChatTemplate template, List<ChatMessage> messages, int k, RenderOptions options,
                                       String text, int cursor) {
        int prompt = renderedLength(template, messages.subList(0, k), options.withGenerationPrompt(true), text);
        if (prompt >= cursor) {
            return prompt;
        }
        // The template rewrote the history, so the prompt is not a prefix: find the reply by its text.
        ChatMessage m = messages.get(k);
        String probe = m.content().isBlank() ? null : m.content().strip();
        int at = probe == null ? -1 : text.indexOf(probe, cursor);
        return at;
    }

    /** Length of the render of {@code prefix} when it is a prefix of {@code text}, else -1. */
    private static int renderedLength(ChatTemplate template, List<ChatMessage> prefix, RenderOptions options, String text) {
        try {
            String r = template.render(prefix, options);
            return text.startsWith(r) ? r.length() : -1;
        } catch (ChatTemplateException e) {
            // Some templates refuse a partial chat (e.g. one that must end with a user turn).
            return -1;
        }
    }

    /** End of the first end-of-sequence token in {@code [start, bound)}, or {@code bound} when there is none. */
    private static int firstEos(String text, int start, int bound, List<String> eosTokens) {
        int best = -1;
        for (String eos : eosTokens) {
            if (eos == null || eos.isEmpty()) {
                continue;
            }
            int at = text.indexOf(eos, start);
            if (at >= 0 && at + eos.length() <= bound && (best < 0 || at + eos.length() < best)) {
                best = at + eos.length();
            }
        }
        return best < 0 ? bound : best;
    }

    private static int[] locate(String text, String content, int from, int until) {
        for (String probe : new String[]{content, content.strip()}) {
            if (probe.isEmpty()) {
                continue;
            }
            int at = text.indexOf(probe, from);
            if (at >= 0 && at + probe.length() <= until) {
                return new int[]{at, at + probe.length()};
            }
        }
        return null;
    }

    private static Role roleOf(ChatMessage m) {
        return switch (m.role()) {
            case "user" -> Role.PROMPT;
            case "tool", "ipython", "function" -> Role.TOOL_RESPONSE;
            default -> Role.SYSTEM;
        };
    }

    private static List<Span> fillScaffold(List<Span> found, int length) {
        found.sort(Comparator.comparingInt(Span::start));
        List<Span> out = new ArrayList<>();
        int at = 0;
        for (Span s : found) {
            if (s.start() > at) {
                out.add(new Span(at, s.start(), Role.SYSTEM, 0f, -1));
            }
            if (s.end() > s.start()) {
                out.add(s);
            }
            at = Math.max(at, s.end());
        }
        if (at < length || out.isEmpty()) {
            out.add(new Span(at, length, Role.SYSTEM, 0f, -1));
        }
        return out;
    }
}
