package dev.rwb.engine.rl.rollout;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;

import java.util.Arrays;
import java.util.List;

/** The growing token record of one episode while the rollout runs. */
final class EpisodeBuilder {
    final TaskInstance instance;
    final List<Tool> tools;
    private final Tokenizer tokenizer;
    private final RoleTracker roles = new RoleTracker();
    private int[] ids = new int[256];
    private Role[] roleArr = new Role[256];
    private int[] turns = new int[256];
    private float[] logprobs = new float[256];
    private float[] entropies = new float[256];
    private int size;
    private int promptLength;
    private final StringBuilder turnText = new StringBuilder();
    int turn;
    int toolCalls;
    boolean done;
    FinishReason finish;

    EpisodeBuilder(TaskInstance instance, List<Tool> tools, Tokenizer tokenizer, int[] prompt) {
        this.instance = instance;
        this.tools = tools;
        this.tokenizer = tokenizer;
        for (int id : prompt) {
            add(id, Role.PROMPT, Float.NaN, Float.NaN);
        }
        promptLength = size;
        turn = 1;
    }

    /** Adds one sampled token. */
    void addSampled(int id, float logprob, float entropy) {
        String text = tokenizer.decodeToken(id);
        turnText.append(text);
        add(id, roles.next(text), logprob, entropy);
    }

    /** Adds the tokens of a tool's observation (not sampled). */
    void addObservation(int[] observation) {
        for (int id : observation) {
            add(id, Role.TOOL_RESPONSE, Float.NaN, Float.NaN);
        }
        turn++;
        turnText.setLength(0);
    }

    /** Text the model wrote in the current turn. */
    String turnText() {
        return turnText.toString();
    }

    int length() {
        return size;
    }

    void finish(FinishReason reason) {
        done = true;
        finish = reason;
    }

    private void add(int id, Role role, float logprob, float entropy) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            roleArr = Arrays.copyOf(roleArr, cap);
            turns = Arrays.copyOf(turns, cap);
            logprobs = Arrays.copyOf(logprobs, cap);
            entropies = Arrays.copyOf(entropies, cap);
        }
        ids[size] = id;
        roleArr[size] = role;
        turns[size] = role == Role.PROMPT ? 0 : turn;
        logprobs[size] = logprob;
        entropies[size] = entropy;
        size++;
    }

    Episode build() {
        int[] resp = Arrays.copyOfRange(ids, promptLength, size);
        String response = tokenizer.decode(resp);
        return new Episode(instance, Arrays.copyOf(ids, size), Arrays.copyOf(roleArr, size), Arrays.copyOf(turns, size),
                Arrays.copyOf(logprobs, size), Arrays.copyOf(entropies, size), response,
                ToolCalls.finalAnswer(response), toolCalls, finish == null ? FinishReason.LENGTH : finish);
    }
}
