package dev.rwb.app;

import javafx.application.Application;

import java.util.Optional;

/**
 * Main class of the workbench GUI. It does not extend {@link Application}, so the JavaFX jars
 * can sit on the plain classpath (no module path needed): {@code ./rwb gui [--db PATH]}.
 * Before JavaFX starts it checks for a display and GTK 3, so a machine without them gets one
 * line saying what to do instead of a stack trace.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
            System.out.println("Usage: ./rwb gui [--db PATH]\n"
                    + "Opens the workbench on PATH (default: $RWB_DB, else ~/.local/share/rollout-workbench/workbench.db,\n"
                    + "created and seeded with sample runs on first start). Needs a display and GTK 3;\n"
                    + "on a server: xvfb-run -a ./rwb gui");
            return;
        }
        Optional<String> missing = GuiPrerequisites.ofThisMachine().problem();
        if (missing.isPresent()) {
            System.err.println(missing.get());
            System.exit(1);
        }
        try {
            Application.launch(WorkbenchApp.class, args);
        } catch (RuntimeException e) {
            Optional<String> explained = GuiPrerequisites.explain(e, System.getenv());
            if (explained.isEmpty()) {
                throw e;
            }
            System.err.println(explained.get());
            System.exit(1);
        }
    }
}
