package dev.rwb.engine.cli;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --db} option shared by commands: the workbench DB, else {@code $RWB_DB}, else the
 * default DB in the user's data folder.
 */
public final class DbOption {
    @Option(names = "--db", paramLabel = "PATH", description = "Workbench database (default: $RWB_DB or the user's data folder).")
    Path db;

    /** The DB path this option resolves to (commands that write may create it). */
    public Path resolve() {
        return db != null ? db : DefaultDatabase.path();
    }

    /**
     * The DB path for a command that only reads: it must exist, since opening a missing file
     * would create an empty database and then fail on it.
     *
     * @throws IllegalArgumentException naming where the DB was looked for and how to give one
     */
    public Path requireExisting() {
        Path file = resolve();
        if (Files.isRegularFile(file)) {
            return file;
        }
        String source = db != null ? "--db " + db
                : System.getenv(DefaultDatabase.ENV) != null && !System.getenv(DefaultDatabase.ENV).isBlank()
                ? "$" + DefaultDatabase.ENV + "=" + file
                : "the default database " + file;
        throw new IllegalArgumentException("no database at " + source + "; give --db PATH or set "
                + DefaultDatabase.ENV + " (a database is created by rwb import, rwb samples, rwb train or rwb gui)");
    }
}
