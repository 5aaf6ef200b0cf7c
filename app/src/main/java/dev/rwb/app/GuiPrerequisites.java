package dev.rwb.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What JavaFX needs from a Linux machine before it can open a window: an X display and GTK 3.
 * Checked by {@link Launcher} before JavaFX starts, because JavaFX itself only answers with a
 * stack trace ({@code Unable to open DISPLAY}, {@code Unable to load glass GTK library}).
 * Each problem is one line that says what is missing and what to do.
 */
public final class GuiPrerequisites {
    /** The GTK 3 library JavaFX's glass toolkit loads on Linux. */
    static final String GTK3_LIBRARY = "libgtk-3.so.0";

    static final String NO_DISPLAY = "rwb gui: no display (DISPLAY is not set). On a server run it under a virtual"
            + " display: xvfb-run -a ./rwb gui (Debian/Ubuntu: sudo apt-get install xvfb); on a desktop, start it"
            + " from a terminal of the desktop session.";
    static final String NO_GTK = "rwb gui: GTK 3 is missing (" + GTK3_LIBRARY + " not found), and JavaFX needs it."
            + " Install it: sudo apt-get install libgtk-3-0 (Debian/Ubuntu) or sudo dnf install gtk3 (Fedora).";
    static final String NO_DISPLAY_NO_GTK = "rwb gui: no display (DISPLAY is not set) and GTK 3 is missing ("
            + GTK3_LIBRARY + " not found). On a server: sudo apt-get install libgtk-3-0 xvfb, then"
            + " xvfb-run -a ./rwb gui.";

    private final String osName;
    private final Map<String, String> env;
    private final Predicate<String> libraryPresent;

    /**
     * @param osName         the {@code os.name} system property; only Linux is checked
     * @param env            the environment ({@code DISPLAY})
     * @param libraryPresent whether a shared library (by soname) can be loaded on this machine
     */
    GuiPrerequisites(String osName, Map<String, String> env, Predicate<String> libraryPresent) {
        this.osName = osName;
        this.env = env;
        this.libraryPresent = libraryPresent;
    }

    /** The checks for the machine this JVM runs on. */
    public static GuiPrerequisites ofThisMachine() {
        return new GuiPrerequisites(System.getProperty("os.name", ""), System.getenv(),
                soname -> SharedLibraries.find(soname, System.getenv("LD_LIBRARY_PATH")));
    }

    /** The one line that says what is missing and what to do, or empty when the GUI can start. */
    public Optional<String> problem() {
        if (!osName.startsWith("Linux")) {
            return Optional.empty(); // macOS and Windows bring their own windowing toolkit
        }
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank();
        boolean gtk = libraryPresent.test(GTK3_LIBRARY);
        if (!display && !gtk) {
            return Optional.of(NO_DISPLAY_NO_GTK);
        }
        if (!gtk) {
            return Optional.of(NO_GTK);
        }
        return display ? Optional.empty() : Optional.of(NO_DISPLAY);
    }

    /**
     * The one line for a JavaFX start-up failure that the checks could not foresee (a DISPLAY that
     * names no running X server, a GTK that does not load), or empty for any other failure.
     */
    public static Optional<String> explain(Throwable startupFailure, Map<String, String> env) {
        for (Throwable t = startupFailure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Unable to open DISPLAY")) {
                return Optional.of("rwb gui: cannot open the display '" + env.getOrDefault("DISPLAY", "")
                        + "' (no X server answers there). On a server run: xvfb-run -a ./rwb gui");
            }
            if (message.contains("Unable to load glass GTK library")) {
                return Optional.of(NO_GTK);
            }
        }
        return Optional.empty();
    }

    /** Finds shared libraries the way the dynamic loader does: LD_LIBRARY_PATH, then the ldconfig cache. */
    static final class SharedLibraries {
        private SharedLibraries() {
        }

        /**
         * Whether {@code soname} resolves to a readable regular file. When the loader cache cannot
         * be read (no ldconfig), the answer is "present": JavaFX's own failure is explained then.
         */
        static boolean find(String soname, String ldLibraryPath) {
            if (ldLibraryPath != null) {
                for (String dir : ldLibraryPath.split(":")) {
                    if (!dir.isBlank() && isLibraryFile(Path.of(dir, soname))) {
                        return true;
                    }
                }
            }
            Optional<List<Path>> cached = ldconfigPaths(soname);
            return cached.isEmpty() || cached.get().stream().anyMatch(SharedLibraries::isLibraryFile);
        }

        private static boolean isLibraryFile(Path path) {
            return Files.isRegularFile(path) && Files.isReadable(path);
        }

        /** The paths {@code ldconfig -p} lists for the soname, or empty when ldconfig cannot run. */
        private static Optional<List<Path>> ldconfigPaths(String soname) {
            for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
                if (ldconfig.startsWith("/") && !Files.isExecutable(Path.of(ldconfig))) {
                    continue;
                }
                try {
                    Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                    String listing;
                    try (InputStream in = process.getInputStream()) {
                        listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                        continue;
                    }
                    return Optional.of(parseLdconfig(listing, soname));
                } catch (IOException e) {
                    // not on this path; try the next one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** Lines of {@code ldconfig -p} look like {@code \tlibgtk-3.so.0 (libc6,x86-64) => /lib/.../libgtk-3.so.0}. */
        static List<Path> parseLdconfig(String listing, String soname) {
            List<Path> paths = new ArrayList<>();
            for (String line : listing.split("\n")) {
                String trimmed = line.strip();
                int arrow = trimmed.indexOf(" => ");
                if (arrow > 0 && trimmed.startsWith(soname + " ")) {
                    paths.add(Path.of(trimmed.substring(arrow + 4).strip()));
                }
            }
            return paths;
        }
    }
}
