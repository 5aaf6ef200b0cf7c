package dev.rwb.app.inspector;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.Note;
import dev.rwb.engine.store.Tag;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reader's tags and notes: the open trajectory's tags and its run's, its notes on token spans,
 * and the tag names known (for the filter and the tag field). Writes go to the store at once.
 */
public final class TagViewModel {
    /** Tags offered before the DB has any (the examples). */
    public static final List<String> SUGGESTED = List.of("reward hack", "collapse", "good example");

    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<String> tags = FXCollections.observableArrayList();
    private final ObservableList<String> runTags = FXCollections.observableArrayList();
    private final ObservableList<Note> notes = FXCollections.observableArrayList();
    private final ObservableList<String> names = FXCollections.observableArrayList(SUGGESTED);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private TrajectorySummary open;
    private long generation;

    public TagViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    private record Loaded(List<String> tags, List<String> runTags, List<Note> notes, List<String> names) {
    }

    /** Loads the tags and notes of the open trajectory (none when {@code summary} is null). */
    public void load(TrajectorySummary summary) {
        open = summary;
        long mine = ++generation;
        if (summary == null) {
            tags.clear();
            runTags.clear();
            notes.clear();
            return;
        }
        tasks.run(() -> read(summary), l -> {
            if (mine == generation) {
                tags.setAll(l.tags());
                runTags.setAll(l.runTags());
                notes.setAll(l.notes());
                names.setAll(l.names());
            }
        }, failure -> error.set("cannot read tags: " + failure.getMessage()));
    }

    private Loaded read(TrajectorySummary s) {
        List<String> own = store.tagsOf(List.of(s.id())).getOrDefault(s.id(), List.of());
        List<String> ofRun = store.tags(s.run()).stream().filter(Tag::onRun).map(Tag::tag).toList();
        Set<String> known = new LinkedHashSet<>(SUGGESTED);
        known.addAll(store.tagNames());
        return new Loaded(own, ofRun, store.notes(s.id()), new ArrayList<>(known));
    }

    /** Reloads the tag names (for the filter's choices). */
    public void refreshNames() {
        tasks.run(() -> {
            Set<String> known = new LinkedHashSet<>(SUGGESTED);
            known.addAll(store.tagNames());
            return new ArrayList<>(known);
        }, names::setAll, failure -> error.set("cannot read tags: " + failure.getMessage()));
    }

    /** Tags the open trajectory. */
    public void tagTrajectory(String tag) {
        write(() -> store.tagTrajectory(open.id(), tag));
    }

    /** Removes a tag from the open trajectory. */
    public void untagTrajectory(String tag) {
        write(() -> store.removeTag(open.run(), open.id(), tag));
    }

    /** Tags the open trajectory's run. */
    public void tagRun(String tag) {
        write(() -> store.addTag(open.run(), null, tag));
    }

    /** Removes a tag from the open trajectory's run. */
    public void untagRun(String tag) {
        write(() -> store.removeTag(open.run(), null, tag));
    }

    /** Comments on tokens {@code start..end} (inclusive) of the open trajectory. */
    public void addNote(int start, int end, String comment) {
        write(() -> store.addNote(open.id(), start, end, comment));
    }

    /** Deletes a note. */
    public void deleteNote(Note note) {
        write(() -> store.deleteNote(note.id()));
    }

    private void write(java.util.concurrent.Callable<?> change) {
        TrajectorySummary target = open;
        if (target == null) {
            error.set("open a trajectory first");
            return;
        }
        tasks.run(change, done -> {
            error.set("");
            load(target);
        }, failure -> error.set(failure.getMessage()));
    }

    /** Shows a problem with a tag or note action. */
    public void tagError(String message) {
        error.set(message);
    }

    public ObservableList<String> tags() {
        return tags;
    }

    public ObservableList<String> runTags() {
        return runTags;
    }

    public ObservableList<Note> notes() {
        return notes;
    }

    /** Tag names known: the suggestions, then every tag in the DB. */
    public ObservableList<String> names() {
        return names;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
