package dev.rwb.app.runs;

import atlantafx.base.theme.PrimerLight;
import dev.rwb.app.WorkbenchApp;
import dev.rwb.app.compare.CompareView;
import dev.rwb.app.compare.CompareViewModel;
import dev.rwb.app.compare.WhatIfMaskingView;
import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.app.uncertainty.UncertaintyView;
import dev.rwb.app.uncertainty.UncertaintyViewModel;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts one training screen in a window against a DB seeded by {@code rwb samples}, for
 * screenshots under Xvfb: {@code TrainingScreensDemo DB SCREEN} with SCREEN one of train,
 * train-failed, dashboard, compare, whatif, uncertainty. "train" launches a short run of the
 * trainer given by {@code -Ddemo.trainer} (default: the test's fake trainer).
 */
public final class TrainingScreensDemo extends Application {
    @Override
    public void start(Stage stage) throws Exception {
        List<String> args = getParameters().getRaw();
        WorkbenchStore store = WorkbenchStore.open(Path.of(args.get(0)));
        String screen = args.get(1);
        FxBackgroundTasks tasks = new FxBackgroundTasks(2);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        List<RunSummary> runs = store.listRuns();
        Path tmp = Files.createTempDirectory("rwb-demo");
        TrainerCommandLine trainer = TrainerCommandLine.ofThisJvm(System.getProperty("demo.trainer", FakeTrainer.class.getName()));
        Parent root = switch (screen) {
            case "train", "train-failed" -> {
                DashboardView dashboard = new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater));
                RunsWorkspace w = new RunsWorkspace(store.file(), dashboard, trainer,
                        Path.of(System.getProperty("rwb.home", "."), "samples", "configs"), tmp);
                String config = System.getProperty("demo.config");
                if (config != null) {
                    // A real-trainer run: the config file decides its size.
                    w.document().load(Path.of(config));
                    ((TextField) w.form().editorOf("name")).setText("real-" + System.currentTimeMillis() % 10000);
                    PauseTransition p = new PauseTransition(Duration.seconds(1));
                    p.setOnFinished(e -> w.controls().launchButton().fire());
                    p.play();
                    yield w;
                }
                ((TextField) w.form().editorOf("name")).setText("tiny-" + screen + "-" + System.currentTimeMillis() % 10000);
                ((TextField) w.form().editorOf("steps")).setText("60");
                ((TextField) w.form().editorOf("algorithm.group_size")).setText("4");
                ((TextField) w.form().editorOf("algorithm.prompts_per_step")).setText("4");
                if (screen.equals("train-failed")) {
                    ((TextField) w.form().editorOf("model.checkpoint")).setText("/data/checkpoints/missing");
                }
                PauseTransition p = new PauseTransition(Duration.seconds(1));
                p.setOnFinished(e -> w.controls().launchButton().fire());
                p.play();
                yield w;
            }
            case "dashboard" -> {
                DashboardView d = new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater));
                d.show(runs.get(0).run().id());
                yield d;
            }
            case "compare" -> {
                CompareView c = new CompareView(new CompareViewModel(store, tasks), trainer, tmp);
                PauseTransition p = new PauseTransition(Duration.seconds(1));
                p.setOnFinished(e -> c.check(runs.stream().limit(2).map(r -> r.run().id()).toList()));
                p.play();
                yield c;
            }
            case "whatif" -> {
                WhatIfMaskingView v = new WhatIfMaskingView();
                long id = store.query(TrajectoryQuery.builder().run(runs.get(0).run().name()).toolCallRange(1, null)
                        .page(0, 1).build()).rows().get(0).id();
                v.show(store.load(id));
                v.policyChooser().setValue(MaskPolicy.NO_MASKING);
                yield v;
            }
            case "uncertainty" -> {
                UncertaintyView u = new UncertaintyView(new UncertaintyViewModel(store, tasks));
                PauseTransition p = new PauseTransition(Duration.seconds(1));
                p.setOnFinished(e -> u.show(runs.get(0).run().id()));
                p.play();
                yield u;
            }
            default -> throw new IllegalArgumentException("unknown screen " + screen);
        };
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().add(WorkbenchApp.stylesheet());
        stage.setTitle("Rollout Workbench — " + screen);
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    /** Entry point on the classpath (a main class extending Application would demand JavaFX modules). */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(TrainingScreensDemo.class, args);
        }
    }
}
