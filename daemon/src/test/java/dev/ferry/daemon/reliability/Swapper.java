package dev.ferry.daemon.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.Figures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process that exchanges two names again and again with {@code renameat2(RENAME_EXCHANGE)}, the
 * atomic swap the JDK cannot make: a few lines of Python calling the C library. It runs until its
 * standard input closes, for at most a minute, and then prints how many exchanges it made.
 */
final class Swapper {
    private static final String SCRIPT = String.join("\n",
            "import ctypes, os, sys, threading, time",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "a, b = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2])",
            "stop = threading.Event()",
            "threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()",
            "deadline, n = time.monotonic() + 60, 0",
            "print('ready', flush=True)",
            "while not stop.is_set() and time.monotonic() < deadline:",
            "    if libc.renameat2(-100, a, -100, b, 2) != 0:",  // AT_FDCWD, RENAME_EXCHANGE
            "        sys.exit('renameat2: ' + os.strerror(ctypes.get_errno()))",
            "    n += 1",
            "print(n, flush=True)",
            "");

    private Swapper() {}

    /** Starts exchanging {@code a} and {@code b}; returns once the first exchange is about to run. */
    static Process start(Path scratch, Path a, Path b) throws IOException {
        if (!python()) {
            Figures.record("symlink swap race", "SKIPPED: python3 with renameat2 in its C library is needed to"
                    + " exchange a folder and a link atomically");
        }
        assumeTrue(python(), "python3 is needed to call renameat2(RENAME_EXCHANGE)");
        Path script = Files.writeString(scratch.resolve("swap.py"), SCRIPT);
        Process process = new ProcessBuilder("python3", script.toString(), a.toString(), b.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String first = reader(process).readLine();
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            throw new IOException("the swapper did not start: " + first);
        }
        return process;
    }

    /** Stops it; returns the exchanges it made. */
    static long stop(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        String count = reader(process).readLine();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the swapper did not stop");
        }
        if (process.exitValue() != 0 || count == null) {
            throw new IOException("the swapper failed (exit " + process.exitValue() + ")");
        }
        return Long.parseLong(count.trim());
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static boolean python() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import ctypes; ctypes.CDLL(None).renameat2")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
