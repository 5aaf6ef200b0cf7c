package dev.rwb.engine.env.rollout;

import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The growing state of one chat-rendered episode: its tokens with roles and turns, the chat so far
 * as messages (to render the next tool turn with the template), the model text of the current turn
 * and, once over, why it ended. Sampled tokens get their role from the protocol block their text is
 * in ({@code <think>} → REASONING, {@code <search>}/{@code <calc>} → TOOL_CALL, {@code <answer>} →
 * ANSWER, else OTHER_MODEL); in a subword vocabulary a tag spans several tokens, so the roles of the
 * current turn are recomputed from its text after every generate call.
 */
final class ChatEpisode extends EpisodeProgress {
    private static final Pattern TAG = Pattern.compile("<(/?)(think|search|calc|answer)>");

    private final List<ChatMessage> chat = new ArrayList<>();
    private final List<Integer> ids = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<Integer> turns = new ArrayList<>();
    private float[] logprobs = new float[256];
    private float[] entropies = new float[256];
    private final int promptLength;
    private final List<PolicySegment> segments = new ArrayList<>();
    private int turnStart;
    private int turn = 1;

    ChatEpisode(TaskInstance instance, int sampleIndex, List<Tool> tools, List<ChatMessage> prompt, int[] promptIds,
                String[] promptTexts, Role[] promptRoles, int policyVersion) {
        super(instance, sampleIndex, tools);
        this.chat.addAll(prompt);
        for (int i = 0; i < promptIds.length; i++) {
            add(promptIds[i], promptTexts[i], promptRoles[i], 0, Float.NaN, Float.NaN);
        }
        this.promptLength = promptIds.length;
        this.turnStart = promptIds.length;
        segments.add(new PolicySegment(promptLength, policyVersion));
    }

    private void add(int id, String text, Role role, int turnNumber, float logprob, float entropy) {
        int i = ids.size();
        if (i == logprobs.length) {
            logprobs = Arrays.copyOf(logprobs, i * 2);
            entropies = Arrays.copyOf(entropies, i * 2);
        }
        ids.add(id);
        texts.add(text);
        roles.add(role);
        turns.add(turnNumber);
        logprobs[i] = logprob;
        entropies[i] = entropy;
    }

    /** Records sampled tokens of the current turn and re-derives the turn's roles from its text. */
    void addSampled(int[] tokenIds, String[] tokenTexts, float[] lp, float[] entropy) {
        for (int i = 0; i < tokenIds.length; i++) {
            add(tokenIds[i], tokenTexts[i], Role.OTHER_MODEL, turn, at(lp, i), at(entropy, i));
        }
        relabelTurn();
    }

    /** Records the template's scaffold (TEMPLATE) and the tool's text (TOOL_RESPONSE) around a tool answer. */
    void addToolTurn(String assistantText, String toolText, int[] before, String[] beforeTexts, int[] tool,
                     String[] toolTexts, int[] after, String[] afterTexts) {
        chat.add(ChatMessage.assistant(assistantText));
        chat.add(ChatMessage.tool(toolText, null, null));
        for (int i = 0; i < before.length; i++) {
            add(before[i], beforeTexts[i], Role.TEMPLATE, turn, Float.NaN, Float.NaN);
        }
        for (int i = 0; i < tool.length; i++) {
            add(tool[i], toolTexts[i], Role.TOOL_RESPONSE, turn, Float.NaN, Float.NaN);
        }
        for (int i = 0; i < after.length; i++) {
            add(after[i], afterTexts[i], Role.TEMPLATE, turn, Float.NaN, Float.NaN);
        }
        turn++;
        turnStart = ids.size();
    }

    /**
     * Roles of the current turn's tokens from the blocks of its text: the characters from an opening
     * tag through its closing tag (or the end, while open) take the block's role; a token takes the
     * role of its first non-blank character.
     */
    private void relabelTurn() {
        StringBuilder text = new StringBuilder();
        int[] starts = new int[ids.size() - turnStart];
        for (int i = turnStart; i < ids.size(); i++) {
            starts[i - turnStart] = text.length();
            text.append(texts.get(i));
        }
        Role[] chars = new Role[text.length()];
        Arrays.fill(chars, Role.OTHER_MODEL);
        Matcher m = TAG.matcher(text);
        String open = null;
        int openAt = -1;
        while (m.find()) {
            if (m.group(1).isEmpty() && open == null) {
                open = m.group(2);
                openAt = m.start();
            } else if (!m.group(1).isEmpty() && m.group(2).equals(open)) {
                Arrays.fill(chars, openAt, m.end(), roleOf(open));
                open = null;
            }
        }
        if (open != null) {
            Arrays.fill(chars, openAt, chars.length, roleOf(open));
        }
        for (int i = turnStart; i < ids.size(); i++) {
            int from = starts[i - turnStart];
            int to = from + texts.get(i).length();
            int at = from;
            while (at < to && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            roles.set(i, from == to ? Role.OTHER_MODEL : chars[at < to ? at : from]);
        }
    }

    private static Role roleOf(String block) {
        return switch (block) {
            case "think" -> Role.REASONING;
            case "search", "calc" -> Role.TOOL_CALL;
            default -> Role.ANSWER;
        };
    }

    private static float at(float[] values, int i) {
        return values != null && i < values.length ? values[i] : Float.NaN;
    }

    /** The chat so far as messages (system, user, then assistant and tool turns). */
    List<ChatMessage> chat() {
        return List.copyOf(chat);
    }

    /** Token ids of the current model turn. */
    int[] turnIds() {
        return ids.subList(turnStart, ids.size()).stream().mapToInt(Integer::intValue).toArray();
    }

    /** The current model turn's text, token by token. */
    @Override
    String turnText() {
        return String.join("", texts.subList(turnStart, ids.size()));
    }

    /** Length of the text of the newest {@code n} tokens (where a stop tag must end). */
    int tailLength(int n) {
        int len = 0;
        for (int i = Math.max(turnStart, ids.size() - n); i < ids.size(); i++) {
            len += texts.get(i).length();
        }
        return len;
    }

    /** Everything the model wrote, all turns. */
    String modelText() {
        StringBuilder sb = new StringBuilder();
        for (int i = promptLength; i < ids.size(); i++) {
            if (roles.get(i).isModelWritten()) {
                sb.append(texts.get(i));
            }
        }
        return sb.toString();
    }

    /** The response after the prompt: model, scaffold and tool text, as the format reward reads it. */
    String responseText() {
        return String.join("", texts.subList(promptLength, ids.size()));
    }

    @Override
    int responseLength() {
        return ids.size() - promptLength;
    }

    /** The episode as scoring sees it; model tokens carry loss weight 1 (the trainer re-applies its mask policy). */
    GroupScoring.Finished finished() {
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < ids.size(); i++) {
            Role r = roles.get(i);
            b.add(ids.get(i), texts.get(i), r, turns.get(i), r.isModelWritten() ? 1f : 0f, logprobs[i], Float.NaN,
                    entropies[i], Float.NaN, 0f, false);
        }
        return new GroupScoring.Finished(instance, sampleIndex, modelText(), responseText(), responseLength(), failure(),
                finishReason(), toolCalls(), List.copyOf(segments), b.build());
    }
}
