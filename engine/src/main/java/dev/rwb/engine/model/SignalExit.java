package dev.rwb.engine.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import sun.misc.Signal;

import java.util.List;

/**
 * Ends the {@code rwb} process on SIGTERM, SIGINT or SIGHUP without running libtorch's C++ teardown.
 *
 * <p>Why (issue 17): {@code rwb sft} died with a SIGSEGV in {@code at::accelerator::getAccelerator}
 * under {@code torchBackward} whenever a SIGTERM arrived while a backward pass ran. The JVM's own
 * answer to SIGTERM is an orderly exit; that ends in the C library's {@code exit()}, which runs the
 * static destructors of every loaded library, libtorch's device and allocator registries among them,
 * while the main thread is still inside native code that reads them. On this 2-core machine 3 of 6
 * SIGTERMs crashed that way (hs_err files in docs/BENCHMARKS.md, "Soak"). The earlier workaround, a
 * shutdown hook that waited at most 30 s for the step in flight, did not help under load: a level-3
 * step took longer than the wait, and 3 of 4 SIGTERMs still crashed.
 *
 * <p>The fix: the signal handler flushes stdout and stderr and calls {@code _exit(128 + signal)}.
 * {@code _exit} ends the process at once, without {@code atexit} handlers or destructors, so no
 * library is torn down under a running thread. What a training run loses is what a SIGKILL loses: the
 * step in flight. The store commits each step in one transaction and checkpoints are written to a
 * temporary folder and then renamed, so the DB stays consistent and the run resumable (the kill tests
 * of issue 5 and 17 cover that). Shutdown hooks do not run on these signals; the engine registers none.
 */
public final class SignalExit {
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");
    private static volatile boolean installed;

    private SignalExit() {
    }

    /** The C library's {@code _exit}, through JNA (DJL already loads JNA). */
    private interface C extends Library {
        void _exit(int status);
    }

    /**
     * Installs the handlers, once per process. Call it from a command-line entry point only, never in a
     * library user's JVM (a test runner or the GUI), whose own signal handling it would replace.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        C libc = Native.load("c", C.class);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            Signal.handle(signal, s -> exitNow(libc, 128 + s.getNumber()));
        }
        installed = true;
    }

    private static void exitNow(C libc, int status) {
        System.out.flush();
        System.err.flush();
        libc._exit(status);
    }
}
