package dev.rwb.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code rwb gui}: listed here so that {@code rwb --help} shows every command. The workbench lives
 * in the app module (JavaFX), which the engine never loads; the {@code ./rwb} launcher script
 * starts it before this command line is reached. Reaching this class means the engine jar was run
 * directly, so it says how to start the GUI instead.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the workbench (JavaFX GUI) on a database: ./rwb gui [--db PATH]. Needs a display and GTK 3; "
                + "on a server: xvfb-run -a ./rwb gui.")
public final class GuiCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Override
    public Integer call() {
        System.err.println("rwb gui: the GUI is started by the ./rwb launcher script (it runs dev.rwb.app.Launcher "
                + "from the app module): ./rwb gui" + (db.db != null ? " --db " + db.db : ""));
        return 2;
    }
}
