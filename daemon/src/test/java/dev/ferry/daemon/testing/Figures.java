package dev.ferry.daemon.testing;

import dev.ferry.protocol.testing.FigureFile;

/**
 * What the reliability tests measured, one line per figure. They land in this module's run file
 * and in the root's {@code target/reliability/figures.txt} with every other module's (see
 * {@link FigureFile}); RELIABILITY.md reports a run of them.
 */
public final class Figures {
    private Figures() {}

    public static void record(String test, String figure) {
        FigureFile.record(test, figure);
    }
}
