package dev.rwb.app.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start the trainer as a child JVM: this JVM's {@code java}, the app's classpath (which
 * holds the engine jar and its libraries) and the engine's command-line main class. The child is a
 * separate process so that a native crash, an out-of-memory or a kill never takes the GUI down
 * (DESIGN §3).
 */
public final class TrainerCommandLine {
    /** The engine's picocli root command. */
    public static final String ENGINE_MAIN = "dev.rwb.engine.cli.Rwb";

    private final Path java;
    private final String classpath;
    private final String mainClass;
    private final List<String> jvmOptions;

    public TrainerCommandLine(Path java, String classpath, String mainClass, List<String> jvmOptions) {
        this.java = java;
        this.classpath = classpath;
        this.mainClass = mainClass;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The running JVM's java and classpath, the engine's main class, DJL offline. */
    public static TrainerCommandLine ofThisJvm() {
        return ofThisJvm(ENGINE_MAIN);
    }

    /** Like {@link #ofThisJvm()} with another main class speaking the same protocol (tests use a fake trainer). */
    public static TrainerCommandLine ofThisJvm(String mainClass) {
        List<String> opts = new ArrayList<>(List.of("-Dai.djl.offline=true"));
        String home = System.getProperty("rwb.home");
        if (home != null) {
            opts.add("-Drwb.home=" + home);
        }
        return new TrainerCommandLine(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), mainClass, opts);
    }

    /** {@code rwb train --config FILE --db DB}. */
    public List<String> train(Path config, Path db) {
        return command("train", "--config", config.toString(), "--db", db.toString());
    }

    /** {@code rwb train --resume RUN_ID --db DB}. */
    public List<String> resume(long runId, Path db) {
        return command("train", "--resume", Long.toString(runId), "--db", db.toString());
    }

    /**
     * {@code rwb score --model MODEL --db DB --trajectories-file IDS --progress [--as-reference]}: re-scores
     * stored trajectories with a Hugging Face model in a child JVM (the GUI never loads DJL), speaking
     * the trainer's progress protocol.
     */
    public List<String> score(String model, Path db, Path trajectoryIds, boolean asReference) {
        List<String> args = new ArrayList<>(List.of("score", "--model", model, "--db", db.toString(),
                "--trajectories-file", trajectoryIds.toString(), "--progress"));
        if (asReference) {
            args.add("--as-reference");
        }
        return command(args.toArray(String[]::new));
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
