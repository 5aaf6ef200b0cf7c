package dev.rwb.app;

import javafx.collections.ObservableList;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Updates of observable lists that controls keep a selection in. */
public final class ObservableLists {
    private ObservableLists() {
    }

    /**
     * Makes {@code list} equal to {@code wanted} by removing and inserting elements, never by
     * {@code setAll}: an element present before and after stays in the list throughout, so a
     * ComboBox or ListView keeps it selected. ({@code setAll} replaces every element; a ComboBox
     * whose chosen item then sits at another index loses its value.) Elements are compared with
     * {@code equals}; {@code wanted} must not hold duplicates.
     */
    public static <T> void updateInPlace(ObservableList<T> list, List<? extends T> wanted) {
        if (list.equals(wanted)) {
            return;
        }
        Set<T> keep = new HashSet<>(wanted);
        list.removeIf(e -> !keep.contains(e));
        for (int i = 0; i < wanted.size(); i++) {
            T w = wanted.get(i);
            if (i < list.size() && list.get(i).equals(w)) {
                continue;
            }
            int at = list.indexOf(w);
            if (at > i) {
                // moved up: the elements between went away or moved down; take it out and put it here
                list.remove(at);
            }
            list.add(i, w);
        }
        if (list.size() > wanted.size()) {
            list.remove(wanted.size(), list.size());
        }
    }
}
