package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.rl.rollout.RoleTracker;
import dev.rwb.engine.trajectory.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Oracle demonstrations as whole episodes: the prompt, then each model segment followed by the
 * real tool's observation, so the supervised warm start teaches exactly the rollout protocol.
 */
public final class Demonstrations {
    /** One demonstration: text pieces with the role of their writer (model pieces are split by tags later). */
    public record Piece(String text, boolean modelWritten) {
    }

    private Demonstrations() {
    }

    /** Pieces of one demonstration of {@code instance}. */
    public static List<Piece> pieces(Task task, TaskInstance instance, double noise, Random rng) {
        List<String> segments = task.oracle().demonstrate(instance, noise, rng);
        List<Tool> tools = task.toolsFor(instance);
        List<Piece> out = new ArrayList<>();
        out.add(new Piece(instance.prompt(), false));
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            out.add(new Piece(seg, true));
            if (i == segments.size() - 1) {
                break;
            }
            for (Tool t : tools) {
                if (seg.endsWith(t.closeTag())) {
                    int open = seg.lastIndexOf(t.openTag());
                    Observation obs = t.call(seg.substring(open + t.openTag().length(), seg.length() - t.closeTag().length()));
                    out.add(new Piece(obs.text(), false));
                }
            }
        }
        return out;
    }

    /** All the text of a demonstration (for building a vocabulary). */
    public static String text(List<Piece> pieces) {
        StringBuilder sb = new StringBuilder();
        pieces.forEach(p -> sb.append(p.text()));
        return sb.toString();
    }

    /** A tokenised demonstration: BOS, ids and whether each token is model-written (trained). */
    public record Encoded(int[] ids, boolean[] trained) {
    }

    public static Encoded encode(Tokenizer tok, List<Piece> pieces) {
        List<Integer> ids = new ArrayList<>(List.of(tok.bosId()));
        List<Boolean> trained = new ArrayList<>(List.of(false));
        for (Piece p : pieces) {
            RoleTracker roles = new RoleTracker();
            for (int id : tok.encode(p.text())) {
                ids.add(id);
                Role r = p.modelWritten() ? roles.next(tok.decodeToken(id)) : Role.PROMPT;
                trained.add(r.isModelWritten());
            }
        }
        int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
        boolean[] b = new boolean[a.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = trained.get(i);
        }
        return new Encoded(a, b);
    }
}
