package dev.rwb.engine.interop.export;

import dev.rwb.engine.store.Note;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.List;

/**
 * What a reader added to a trajectory: its tags and its notes on token spans, shown in the HTML export.
 *
 * @param tags the trajectory's tags
 * @param notes the comments on its token spans
 */
public record TrajectoryAnnotations(List<String> tags, List<Note> notes) {
    /** Nothing added. */
    public static final TrajectoryAnnotations NONE = new TrajectoryAnnotations(List.of(), List.of());

    public TrajectoryAnnotations {
        tags = List.copyOf(tags);
        notes = List.copyOf(notes);
    }

    /** The stored tags and notes of a trajectory. */
    public static TrajectoryAnnotations of(WorkbenchStore store, long trajectoryId) {
        return new TrajectoryAnnotations(store.tagsOf(List.of(trajectoryId)).getOrDefault(trajectoryId, List.of()),
                store.notes(trajectoryId));
    }

    /** The comments of the notes covering token {@code i}, joined. */
    String notesAt(int i) {
        StringBuilder sb = new StringBuilder();
        for (Note n : notes) {
            if (n.covers(i)) {
                sb.append(sb.length() == 0 ? "" : "; ").append(n.comment());
            }
        }
        return sb.toString();
    }
}
