package dev.rwb.app.export;

import dev.rwb.app.tokens.TokenViewModel;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * File → Export: the trajectory open in the inspector as an HTML page (in the colour mode and scale
 * on screen), and its run's trajectories, metrics, page or verl command; the same exports as
 * {@code rwb export}. The items name the trajectory and run they act on and are off while none is open.
 */
public final class ExportMenu {
    private ExportMenu() {
    }

    /** @param report receives "Exported … → file" or why it failed */
    public static Menu create(ExportViewModel model, TokenViewModel tokens, Supplier<Window> owner, Consumer<String> report) {
        Menu menu = new Menu("Export");
        menu.setId("menu-export");
        MenuItem page = new MenuItem("Open trajectory as an HTML page…");
        page.setId("menu-export-trajectory-html");
        page.setOnAction(e -> {
            Trajectory t = tokens.trajectoryProperty().get();
            File f = chooser("trajectory-" + t.id() + ".html", "HTML page", "*.html").showSaveDialog(owner.get());
            if (f != null) {
                model.exportTrajectory(t, tokens.modeProperty().get(), tokens.scopeProperty().get(),
                        tokens.contextProperty().get(), f.toPath(), report, report);
            }
        });
        menu.getItems().addAll(page, new SeparatorMenuItem());
        for (ExportViewModel.RunExport kind : ExportViewModel.RunExport.values()) {
            MenuItem item = new MenuItem(kind.label());
            item.setUserData(kind);
            item.setId("menu-export-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            item.setOnAction(e -> {
                String run = tokens.trajectoryProperty().get().run();
                File f = chooser(run + "." + kind.extension(), kind.label(), "*." + kind.extension())
                        .showSaveDialog(owner.get());
                if (f != null) {
                    model.exportRun(kind, run, f.toPath(), report, report);
                }
            });
            menu.getItems().add(item);
        }
        // the items say what they act on: the trajectory open now and its run
        menu.setOnShowing(e -> {
            Trajectory t = tokens.trajectoryProperty().get();
            page.setText(t == null ? "Open trajectory as an HTML page… (open one first)"
                    : "Trajectory " + t.id() + " as an HTML page (" + tokens.modeProperty().get().label() + ")…");
            page.setDisable(t == null);
            for (MenuItem item : menu.getItems().subList(2, menu.getItems().size())) {
                ExportViewModel.RunExport kind = (ExportViewModel.RunExport) item.getUserData();
                item.setText(kind.label().replace("Run's", t == null ? "Run's" : "Run " + t.run() + ":")
                        .replace("Run as", t == null ? "Run as" : "Run " + t.run() + " as"));
                item.setDisable(t == null);
            }
        });
        return menu;
    }

    private static FileChooser chooser(String name, String what, String pattern) {
        FileChooser c = new FileChooser();
        c.setInitialFileName(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        return c;
    }
}
