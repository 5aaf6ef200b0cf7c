package dev.rwb.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the workbench DB lives: {@code --db PATH} (or {@code --db=PATH}), else the environment
 * variable {@code RWB_DB}, else {@code $XDG_DATA_HOME/rollout-workbench/workbench.db}, else
 * {@code ~/.local/share/rollout-workbench/workbench.db}.
 */
public final class DbLocation {
    private DbLocation() {
    }

    /** Resolves the DB file from command-line arguments, the environment and the home folder. */
    public static Path resolve(List<String> args, Map<String, String> env, Path home) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--db")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--db needs a path, e.g. --db ~/runs/workbench.db");
                }
                return Path.of(args.get(i + 1));
            }
            if (a.startsWith("--db=")) {
                return Path.of(a.substring("--db=".length()));
            }
        }
        String fromEnv = env.get("RWB_DB");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path dataHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return dataHome.resolve("rollout-workbench").resolve("workbench.db");
    }
}
