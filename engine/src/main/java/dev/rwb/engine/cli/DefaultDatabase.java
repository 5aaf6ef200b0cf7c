package dev.rwb.engine.cli;

import java.nio.file.Path;

/** Where the workbench DB lives when no {@code --db} is given: {@code $RWB_DB}, else the user's data folder. */
public final class DefaultDatabase {
    /** Environment variable that overrides the default DB path. */
    public static final String ENV = "RWB_DB";

    private DefaultDatabase() {
    }

    public static Path path() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("rollout-workbench").resolve("workbench.db");
    }
}
