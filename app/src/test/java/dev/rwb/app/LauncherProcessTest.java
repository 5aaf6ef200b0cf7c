package dev.rwb.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the real {@link Launcher} in a child JVM on a machine that lacks what JavaFX needs, and
 * checks the answer is one line with the fix and exit status 1, not a stack trace.
 */
@EnabledOnOs(OS.LINUX)
class LauncherProcessTest {
    private static final Path LIBGTK = Path.of("/lib/x86_64-linux-gnu/libgtk-3.so.0");

    @Test
    void withoutDisplayItExitsOneWithTheXvfbHint(@TempDir Path dir) throws Exception {
        Result r = run(List.of(), dir);
        assertEquals(1, r.code, r.output);
        assertEquals(1, r.output.lines().count(), r.output);
        assertTrue(r.output.contains("xvfb-run -a ./rwb gui"), r.output);
        assertFalse(Files.exists(dir.resolve("x.db")), "no DB may be created before the window can open");
    }

    /**
     * Hides GTK 3 in a private mount namespace ({@code unshare}) by binding /dev/null over it,
     * the way a machine without the package looks to the loader. Skipped where user namespaces
     * are not allowed or GTK 3 lives elsewhere.
     */
    @Test
    void withoutGtkItExitsOneNamingThePackage(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(LIBGTK), "GTK 3 not at " + LIBGTK);
        Process probe = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        assumeTrue(probe.waitFor() == 0, "unshare -rm not allowed here");
        Result r = run(List.of("unshare", "-rm", "sh", "-c",
                "mount --bind /dev/null " + LIBGTK + " && exec \"$@\"", "sh"), dir, "DISPLAY", ":0");
        assertEquals(1, r.code, r.output);
        assertEquals(1, r.output.lines().count(), r.output);
        assertTrue(r.output.contains("GTK 3 is missing") && r.output.contains("libgtk-3-0"), r.output);
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> wrapper, Path dir, String... env) throws Exception {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "--db", dir.resolve("x.db").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not exit: " + out);
        return new Result(p.exitValue(), out);
    }
}
