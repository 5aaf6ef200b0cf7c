package dev.rwb.app;

import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The composed window: every screen is a tab, and the what-if tab follows the inspector's open trajectory. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    WorkbenchWindow window;
    InspectorView inspector;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("w.db"));
        SampleInstaller.install(store, new SampleGenerator(7).generate());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        SameThreadTasks tasks = new SameThreadTasks();
        model = new InspectorViewModel(store, tasks);
        inspector = new InspectorView(model);
        window = new WorkbenchWindow(ScreenModels.of(store, tasks), model, inspector, dir.resolve("no-presets"), dir.resolve("configs"));
        stage.setScene(new Scene(window, 1300, 850));
        stage.show();
    }

    @Test
    void everyScreenIsATabAndWhatIfFollowsTheInspector() throws Exception {
        assertEquals(List.of("Inspect", "Train", "Compare", "What-if masking", "Uncertainty"),
                window.getTabs().stream().map(Tab::getText).toList());
        WaitForAsyncUtils.asyncFx(() -> model.refresh(() -> inspector.table().getSelectionModel().select(2))).get();
        WaitForAsyncUtils.waitForFxEvents();
        long opened = inspector.selected().id();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> model.tokens().trajectoryProperty().get() != null
                        && model.tokens().trajectoryProperty().get().id() == opened);
        assertEquals(opened, window.whatIf().trajectory().id(), "what-if shows the trajectory open in the inspector");
    }

    @Test
    void theInspectorFollowsALiveRunWithoutAManualRefresh() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.refresh(() -> inspector.table().getSelectionModel().select(0))).get();
        WaitForAsyncUtils.waitForFxEvents();
        long open = inspector.selected().id();
        String config = "{\"name\":\"live-tiny\",\"task\":{\"name\":\"arithmetic\",\"level\":1,\"heldout_size\":4},"
                + "\"algorithm\":{\"group_size\":2,\"prompts_per_step\":2},"
                + "\"rollout\":{\"max_turns\":2,\"max_new_tokens\":16,\"max_total_tokens\":64},\"steps\":3,"
                + "\"eval\":{\"every\":3,\"n\":2,\"pass_k\":1},\"checkpoint_every\":3,\"device\":\"cpu\"}";
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                window.train().session().launch(config, "live-tiny");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get();
        // The run list is reloaded by the window after each step the trainer reports, not by the test.
        WaitForAsyncUtils.waitFor(150, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                model.runs().stream().anyMatch(r -> r.run().name().equals("live-tiny") && r.trajectories() > 0)).get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(open, inspector.selected().id(), "the open trajectory stays selected across live reloads");
    }
}
