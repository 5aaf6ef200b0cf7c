package dev.rwb.engine.env.rollout;

import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplateException;
import dev.rwb.engine.chat.RenderedChat;
import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.Policy;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Multi-turn tool-use episodes for a chat model with its own subword vocabulary (a Hugging Face
 * Qwen or Llama), where the task's tags are several tokens each. The task prompt goes in as chat
 * messages (a system message with the tool and answer protocol, {@link ChatFormat#systemPrompt}, and
 * the task text as the user message) rendered by the model's chat template with the generation
 * prompt. The policy samples through one KV-cache session for all episodes until an end-of-turn
 * token or a closing tag ({@code </search>}, {@code </calc>}, {@code </answer>}) appears in the decoded
 * text: generation pauses at every token whose text contains {@code >}, the only place a tag can
 * end. A call is parsed from the turn's text; a malformed one gets the tool's error message, never an
 * exception. The tool's answer is appended as a tool message rendered by the template: only the text
 * the template puts after the model's turn is encoded and appended, so the sampled ids stay exactly
 * as sampled. Roles: the template's scaffold is TEMPLATE, the system prompt SYSTEM, the task text PROMPT,
 * the tool's text TOOL_RESPONSE, sampled tokens the model roles of their block.
 */
public final class ChatRolloutEngine implements EpisodeRunner {
    private static final String ANSWER_CLOSE = "</answer>";
    /** The longest tail of the model's turn searched for in the re-rendered chat when the whole text is not there. */
    private static final int MAX_TAIL = 64;

    private final Policy policy;
    private final ChatFormat chat;
    private final RolloutConfig config;
    private final CompositeReward reward;
    private final int contextLength;
    private final CallParser callParser;
    private final ToolRunner toolRunner;
    /** Ids where generation pauses: end-of-turn tokens and every token whose text contains '>'. */
    private final Set<Integer> pauseIds;

    /**
     * @param contextLength longest sequence (prompt and response) an episode may reach
     */
    public ChatRolloutEngine(Policy policy, ChatFormat chat, RolloutConfig config,
                             CompositeReward reward, int contextLength) {
        this.policy = policy;
        this.chat = chat;
        this.config = config;
        this.reward = reward;
        this.contextLength = Math.min(contextLength, policy.contextLength());
        this.callParser = new CallParser(config.maxCallChars());
        this.toolRunner = new ToolRunner(config.toolTimeout());
        this.pauseIds = pauseIds(chat);
    }

    /**
     * Byte-level and SentencePiece vocabularies keep ASCII '>' as itself in the token's string, so the
     * vocabulary strings tell which tokens can end a tag without decoding 150,000 tokens.
     */
    private static Set<Integer> pauseIds(ChatFormat chat) {
        Set<Integer> ids = new HashSet<>(chat.eosIds());
        List<String> vocabulary = chat.tokenizer().vocabulary();
        for (int i = 0; i < vocabulary.size(); i++) {
            String token = vocabulary.get(i);
            if (token != null && token.indexOf('>') >= 0) {
                ids.add(i);
            }
        }
        return Set.copyOf(ids);
    }

    /**
     * Rolls out {@code groupSize} episodes per instance to the end; partial rollouts are not available
     * here ({@code carried} must be empty and {@code tokenBudget} 0).
     */
    @Override
    public RolloutEngine.PartialRollout rollout(Task task, List<TaskInstance> instances, int groupSize,
                                                SamplingParams params, RolloutContext context,
                                                List<RolloutEngine.PendingGroup> carried, int tokenBudget) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
        }
        if (!carried.isEmpty() || tokenBudget != 0) {
            throw new IllegalArgumentException("chat-rendered rollouts have no partial rollouts (token budget "
                    + tokenBudget + ", " + carried.size() + " carried groups)");
        }
        List<List<ChatEpisode>> groups = new ArrayList<>();
        List<ChatEpisode> episodes = new ArrayList<>();
        List<int[]> prefixes = new ArrayList<>();
        for (TaskInstance instance : instances) {
            List<Tool> probe = task.toolsFor(instance);
            List<ChatMessage> messages = List.of(ChatMessage.system(ChatFormat.systemPrompt(probe)),
                    ChatMessage.user(instance.prompt()));
            Prompt prompt = prompt(messages);
            List<ChatEpisode> group = new ArrayList<>();
            for (int g = 0; g < groupSize; g++) {
                ChatEpisode e = new ChatEpisode(instance, g, g == 0 ? probe : task.toolsFor(instance), messages,
                        prompt.ids, prompt.texts, prompt.roles, context.policyVersion());
                group.add(e);
                episodes.add(e);
                prefixes.add(prompt.ids);
                if (prompt.ids.length >= contextLength) {
                    e.finish(FinishReason.LENGTH);
                }
            }
            groups.add(group);
        }
        if (!episodes.isEmpty()) {
            try (GenerationSession session = policy.start(prefixes, params)) {
                new Turns(session, episodes).run();
            }
        }
        List<List<GroupScoring.Finished>> finished = new ArrayList<>();
        for (List<ChatEpisode> group : groups) {
            finished.add(group.stream().map(ChatEpisode::finished).toList());
        }
        return new RolloutEngine.PartialRollout(GroupScoring.score(task, reward, finished, context), List.of());
    }

    /** The rendered prompt, token by token, with the role of the chat span each token came from. */
    private record Prompt(int[] ids, String[] texts, Role[] roles) {
    }

    private Prompt prompt(List<ChatMessage> messages) {
        RenderedChat rendered = chat.template().renderWithRoles(messages,
                chat.options().withGenerationPrompt(true), chat.eosTexts());
        List<Integer> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        for (RenderedChat.Span s : rendered.spans()) {
            // spans are encoded one by one, so every token belongs to exactly one span (and one role)
            for (int id : chat.tokenizer().encode(s.text(rendered.text()))) {
                ids.add(id);
                texts.add(chat.tokenizer().decodeToken(id));
                // the template's own text is TEMPLATE; the system message SYSTEM, the task text PROMPT
                roles.add(s.message() < 0 ? Role.TEMPLATE : s.role() == Role.PROMPT ? Role.PROMPT : Role.SYSTEM);
            }
        }
        return new Prompt(ids.stream().mapToInt(Integer::intValue).toArray(), texts.toArray(new String[0]),
                roles.toArray(new Role[0]));
    }

    /** The batch loop on a chat model: tags end inside a token's text, and tool answers are template-rendered. */
    private final class Turns extends TurnLoop<ChatEpisode> {
        Turns(GenerationSession session, List<ChatEpisode> episodes) {
            super(session, episodes, pauseIds, toolRunner, callParser, config.maxTurns());
        }

        @Override
        int tokensLeft(int b, ChatEpisode e) {
            return Math.min(config.maxResponseTokens() - e.responseLength(), contextLength - session.length(b));
        }

        @Override
        void record(ChatEpisode e, Generation g) {
            e.addSampled(g.tokenIds(), texts(g.tokenIds()), g.logprobs(), g.entropies());
        }

        @Override
        String stopTag(ChatEpisode e, int lastId) {
            return chat.eosIds().contains(lastId) ? "" : closedTag(e);
        }

        @Override
        void observe(int b, ChatEpisode e, Observation obs) {
            ChatRolloutEngine.this.observe(this, b, e, obs);
        }
    }

    /** The closing tag ({@code </answer>} or a tool's) that the newest token completed, or null. */
    private String closedTag(ChatEpisode e) {
        String text = e.turnText();
        int lastTokenFrom = text.length() - e.tailLength(1);
        String best = null;
        int bestEnd = -1;
        List<String> tags = new ArrayList<>(List.of(ANSWER_CLOSE));
        e.tools.forEach(t -> tags.add(t.closeTag()));
        for (String tag : tags) {
            int at = text.lastIndexOf(tag);
            int end = at + tag.length();
            if (at >= 0 && end > lastTokenFrom && end > bestEnd) {
                best = tag;
                bestEnd = end;
            }
        }
        return best;
    }

    /**
     * Appends the tool's answer as the chat template renders it: the chat with this turn and a tool
     * message is rendered with the generation prompt, and what follows the model's text there (end of
     * turn, tool header, the tool's text, tool footer, next assistant header) is encoded piece by piece.
     * A template that cannot render it ends the episode as a tool error.
     */
    private void observe(Turns turns, int b, ChatEpisode e, Observation obs) {
        String assistant = chat.tokenizer().decode(e.turnIds());
        String[] pieces;
        try {
            pieces = toolTurn(e.chat(), assistant, obs.text());
        } catch (ChatTemplateException ex) {
            e.finish(FinishReason.TOOL_ERROR, "the chat template cannot render the tool's answer: " + ex.getMessage());
            return;
        }
        if (pieces == null) {
            e.finish(FinishReason.TOOL_ERROR, "the chat template does not render the model's turn before the tool's answer");
            return;
        }
        int[] before = chat.tokenizer().encode(pieces[0]);
        int[] tool = chat.tokenizer().encode(pieces[1]);
        int[] after = chat.tokenizer().encode(pieces[2]);
        int total = before.length + tool.length + after.length;
        if (total > turns.tokensLeft(b, e)) {
            e.finish(FinishReason.LENGTH);
            return;
        }
        int[] all = new int[total];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(tool, 0, all, before.length, tool.length);
        System.arraycopy(after, 0, all, before.length + tool.length, after.length);
        turns.session.append(b, all);
        e.addToolTurn(assistant, obs.text(), before, texts(before), tool, texts(tool), after, texts(after));
    }

    private String[] texts(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = chat.tokenizer().decodeToken(ids[i]);
        }
        return out;
    }

    /**
     * The text after the model's turn up to the next generation header, cut as [scaffold before the
     * tool's text, the tool's text, scaffold after it]; null when the render does not contain them.
     */
    String[] toolTurn(List<ChatMessage> history, String assistant, String toolText) {
        List<ChatMessage> messages = new ArrayList<>(history);
        messages.add(ChatMessage.assistant(assistant));
        messages.add(ChatMessage.tool(toolText, null, null));
        String full = chat.template().render(messages, chat.options().withGenerationPrompt(true));
        int toolAt = full.lastIndexOf(toolText);
        if (toolAt < 0) {
            return null;
        }
        int end = endOfTurn(full, assistant, toolAt);
        if (end < 0) {
            return null;
        }
        return new String[] {full.substring(end, toolAt), toolText, full.substring(toolAt + toolText.length())};
    }

    /**
     * Where the model's text ends in the render, before {@code limit}: the whole text, else stripped
     * (templates may trim), else its longest tail found (templates may rewrite a turn's start, as
     * Qwen3's moves {@code <think>} blocks); -1 when none is there.
     */
    private static int endOfTurn(String full, String text, int limit) {
        List<String> probes = new ArrayList<>(List.of(text, text.strip()));
        String stripped = text.strip();
        for (int len = Math.min(MAX_TAIL, stripped.length() - 1); len > 0; len--) {
            probes.add(stripped.substring(stripped.length() - len));
        }
        for (String p : probes) {
            if (p.isEmpty() || p.length() > limit) {
                continue;
            }
            int at = full.lastIndexOf(p, limit - p.length());
            if (at >= 0) {
                return at + p.length();
            }
        }
        return -1;
    }
}
