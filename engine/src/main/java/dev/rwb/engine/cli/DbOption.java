package dev.rwb.engine.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --db} option shared by commands: the workbench DB, else {@code $RWB_DB}, else the
 * default DB in the user's data folder.
 */
public final class DbOption {
    @Option(names = "--db", paramLabel = "PATH", description = "Workbench database (default: $RWB_DB or the user's data folder).")
    Path db;

    /** The DB path this option resolves to. */
    public Path resolve() {
        return db != null ? db : DefaultDatabase.path();
    }
}
