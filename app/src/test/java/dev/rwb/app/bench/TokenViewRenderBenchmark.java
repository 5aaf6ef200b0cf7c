package dev.rwb.app.bench;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.WorkbenchApp;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.app.tokens.TokenView;
import dev.rwb.app.tokens.TokenViewModel;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measures how long the token view takes to show a long trajectory coloured: from handing the
 * trajectory (or a new colour mode) to the view until the end of the layout pass of the next
 * pulse, i.e. until the visible paragraphs exist as styled text nodes ready to paint.
 *
 * <p>Run: {@code java -cp "app/target/test-classes:app/target/classes:app/target/lib/*"
 * dev.rwb.app.bench.TokenViewRenderBenchmark [tokens]} (needs a display, e.g. xvfb-run).
 */
public final class TokenViewRenderBenchmark {
    private final TokenViewModel model = new TokenViewModel();
    private Scene scene;
    /** Milliseconds the last change itself took on the FX thread (document, text, style spans). */
    private double lastSyncMs;

    /** Builds the view in a window of the given size; call on the FX thread. */
    public void show(Stage stage, double width, double height) {
        scene = new Scene(new TokenView(model), width, height);
        scene.getStylesheets().add(WorkbenchApp.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    /** Milliseconds from {@code change} (run on the FX thread) to the end of the next layout pulse. */
    public double time(Consumer<TokenViewModel> change) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long[] elapsed = new long[1];
        Platform.runLater(() -> {
            long t0 = System.nanoTime();
            change.accept(model);
            lastSyncMs = (System.nanoTime() - t0) / 1e6;
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                elapsed[0] = System.nanoTime() - t0;
                scene.removePostLayoutPulseListener(listener[0]);
                done.countDown();
            };
            scene.addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no pulse within 30 s");
        }
        return elapsed[0] / 1e6;
    }

    /** Times opening two alternating trajectories and every mode switch, {@code rounds} times. */
    public List<String> run(int tokens, int rounds) throws InterruptedException {
        TestTrajectories gen = new TestTrajectories(3);
        Trajectory a = gen.longTrajectory(tokens);
        Trajectory b = gen.longTrajectory(tokens);
        List<Double> open = new ArrayList<>();
        List<Double> modes = new ArrayList<>();
        List<Double> openSync = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Trajectory t = r % 2 == 0 ? a : b;
            open.add(time(m -> m.trajectoryProperty().set(t)));
            openSync.add(lastSyncMs);
            for (ColorMode mode : ColorMode.values()) {
                modes.add(time(m -> m.modeProperty().set(mode)));
            }
        }
        return List.of(
                String.format(Locale.ROOT, "tokens=%d open: first %.1f ms, median %.1f ms, max %.1f ms (%d runs);"
                                + " of which text+styles %.1f ms median",
                        a.tokens().length(), open.get(0), median(open), max(open), open.size(), median(openSync)),
                String.format(Locale.ROOT, "tokens=%d mode switch: median %.1f ms, max %.1f ms (%d switches)",
                        a.tokens().length(), median(modes), max(modes), modes.size()));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 32768;
        CountDownLatch started = new CountDownLatch(1);
        TokenViewRenderBenchmark bench = new TokenViewRenderBenchmark();
        Platform.startup(() -> {
            bench.show(new Stage(), 1400, 900);
            started.countDown();
        });
        started.await();
        for (String line : bench.run(tokens, 6)) {
            System.out.println(line);
        }
        Platform.exit();
    }
}
