package dev.rwb.app;

import javafx.application.Application;

/**
 * Main class of the workbench GUI. It does not extend {@link Application}, so the JavaFX jars
 * can sit on the plain classpath (no module path needed): {@code ./rwb gui [--db PATH]}.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }
}
