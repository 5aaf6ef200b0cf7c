package dev.rwb.app;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ObservableListsTest {
    @Test
    void randomUpdatesReachTheWantedListAndNeverRemoveAnElementThatStaysInOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            List<String> before = sample(random);
            List<String> wanted = sample(random);
            if (random.nextBoolean()) {
                // the common case: the same runs with some added and removed, order kept
                wanted = new ArrayList<>(before);
                wanted.removeIf(s -> random.nextInt(4) == 0);
                wanted.add(random.nextInt(wanted.size() + 1), "new" + round);
            }
            ObservableList<String> list = FXCollections.observableArrayList(before);
            Set<String> removed = new HashSet<>();
            list.addListener((ListChangeListener<String>) c -> {
                while (c.next()) {
                    removed.addAll(c.getRemoved());
                }
            });
            ObservableLists.updateInPlace(list, wanted);
            assertEquals(wanted, list, "before " + before);
            if (isSubsequence(keptInOrder(before, wanted), wanted)) {
                for (String kept : keptInOrder(before, wanted)) {
                    assertFalse(removed.contains(kept), kept + " was taken out though it stays: " + before + " -> " + wanted);
                }
            }
        }
    }

    private static List<String> sample(Random random) {
        List<String> all = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g"));
        Collections.shuffle(all, random);
        return new ArrayList<>(all.subList(0, random.nextInt(all.size() + 1)));
    }

    private static List<String> keptInOrder(List<String> before, List<String> wanted) {
        return before.stream().filter(wanted::contains).toList();
    }

    private static boolean isSubsequence(List<String> kept, List<String> wanted) {
        return wanted.stream().filter(kept::contains).toList().equals(kept);
    }
}
