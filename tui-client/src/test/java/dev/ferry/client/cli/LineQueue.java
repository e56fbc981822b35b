package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A writer whose output a test reads line by line as it is flushed: what a command prints reaches
 * the test only once the command has flushed it, as it would reach a script reading a pipe.
 */
public final class LineQueue extends Writer {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder written = new StringBuilder();
    private final StringBuilder current = new StringBuilder();
    private final List<String> seen = new ArrayList<>();

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        written.append(chars, offset, length);
    }

    /** Only flushed text reaches the reader, as with a pipe behind a buffer. */
    @Override
    public synchronized void flush() {
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '\n') {
                lines.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        written.setLength(0);
    }

    @Override
    public void close() {
        flush();
    }

    /** Waits for a line that matches, skipping the others; fails after {@code seconds}. */
    public String await(Predicate<String> wanted, String what, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                return fail("no line " + what + " within " + seconds + " s; lines so far: " + seen);
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Every line read so far by {@link #await}. */
    public List<String> seen() {
        return List.copyOf(seen);
    }
}
