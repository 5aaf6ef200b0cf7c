package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.trajectory.FinishReason;

import java.util.List;

/**
 * What every kind of episode keeps besides its tokens: the instance and sample it rolls out, the tools
 * it was offered, how many calls it made and, once over, why it ended (the first reason wins).
 */
abstract class EpisodeProgress {
    final TaskInstance instance;
    final int sampleIndex;
    final List<Tool> tools;
    private int toolCalls;
    private FinishReason finish;
    private String failure;

    EpisodeProgress(TaskInstance instance, int sampleIndex, List<Tool> tools) {
        this.instance = instance;
        this.sampleIndex = sampleIndex;
        this.tools = tools;
    }

    /** The current model turn's text, which a tool call is parsed from. */
    abstract String turnText();

    /** Response tokens (model, tool and scaffold) after the prompt. */
    abstract int responseLength();

    int toolCalls() {
        return toolCalls;
    }

    void countToolCall() {
        toolCalls++;
    }

    /** The offered tool whose closing tag is {@code closeTag}, or null. */
    Tool toolClosedBy(String closeTag) {
        for (Tool t : tools) {
            if (t.closeTag().equals(closeTag)) {
                return t;
            }
        }
        return null;
    }

    boolean isDone() {
        return finish != null;
    }

    void finish(FinishReason reason) {
        finish(reason, null);
    }

    void finish(FinishReason reason, String why) {
        if (finish == null) {
            finish = reason;
            failure = why;
        }
    }

    FinishReason finishReason() {
        return finish;
    }

    /** Why a TOOL_ERROR ended the episode (null otherwise). */
    String failure() {
        return failure;
    }
}
