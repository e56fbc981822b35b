package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry ping}: round trips to the server, reported like ping(8), with the 99th percentile. */
@Command(name = "ping", description = "Measure round trips to the server, like ping(8).")
final class PingCommand extends ClientCommand {

    @Option(names = "-c", defaultValue = "4", paramLabel = "COUNT", description = "Pings to send (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "-i", defaultValue = "0.2", paramLabel = "SECONDS",
            description = "Pause between pings; 0 sends the next as soon as the last returns (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "-q", description = "Quiet: print only the summary.")
    boolean quiet;

    @Override
    void checkUsage() {
        if (count < 1 || interval < 0) {
            throw new ParameterException(spec.commandLine(), "ping needs -c of at least 1 and -i of at least 0");
        }
    }

    @Override
    int run(FerryClient client) throws FerryException {
        String where = Text.printable(root.address());
        out().println("PING " + where + " (" + client.server() + ") as " + client.name());
        long[] rtts = new long[count];
        int received = 0;
        long started = System.nanoTime();
        for (int seq = 1; seq <= count; seq++) {
            long rtt = await(client.ping());
            rtts[received++] = rtt;
            if (!quiet) {
                out().println("pong from " + where + ": seq=" + seq + " time=" + Formats.millis(rtt) + " ms");
            }
            if (seq < count && interval > 0) {
                pause();
            }
        }
        long total = System.nanoTime() - started;
        out().println();
        out().println("--- " + where + " ferry ping statistics ---");
        out().printf(Locale.ROOT, "%d pings sent, %d pongs received, %d%% lost, time %d ms%n", count, received,
                (count - received) * 100 / count, TimeUnit.NANOSECONDS.toMillis(total));
        long[] sorted = Arrays.copyOf(rtts, received);
        Arrays.sort(sorted);
        long sum = Arrays.stream(sorted).sum();
        out().println("rtt min/avg/p99/max = " + Formats.millis(sorted[0]) + "/" + Formats.millis(sum / received) + "/"
                + Formats.millis(percentile(sorted, 0.99)) + "/" + Formats.millis(sorted[received - 1]) + " ms");
        return ExitCodes.OK;
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void pause() throws FerryException {
        try {
            Thread.sleep((long) (interval * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(FerryException.Kind.CANCELLED, "interrupted");
        }
    }
}
