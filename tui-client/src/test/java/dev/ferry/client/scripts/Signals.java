package dev.ferry.client.scripts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether this process ignores a signal, from the {@code SigIgn} mask in /proc/self/status. An
 * ignored signal stays ignored across fork and exec, so whatever a test starts ignores it too.
 */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "TERM", 15);

    private Signals() {}

    /** True if signal {@code name} (such as "INT") is ignored here; false where /proc cannot tell. */
    static boolean ignored(String name) {
        return ignored(name, Path.of("/proc/self/status"));
    }

    static boolean ignored(String name, Path status) {
        Integer number = NUMBERS.get(name);
        if (number == null) {
            throw new IllegalArgumentException("unknown signal " + name);
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(number - 1);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
