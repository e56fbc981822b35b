package dev.ferry.client.bench;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.io.file.PathUtils;

/**
 * How soon a client that watches the file list hears of a file renamed into the repository: the
 * time from the rename (on this machine, into the folder ferryd serves) to the FILES_CHANGED event
 * that names it. Renames come one at a time, each after the last one's event and a pause of 0 to
 * 250 ms drawn at random (the same draws every run), so they meet the daemon's coalescing at every
 * phase, as changes made by people do.
 */
public final class RenameLatency {
    private static final long EVENT_WAIT_SECONDS = 10;
    private static final int MAX_PAUSE_MILLIS = 250;

    private RenameLatency() {}

    /** A file name an event named, and when it came (System.nanoTime). */
    private record Arrival(String name, long at) {}

    /**
     * Makes {@code renames} files beside {@code repository} (in a hidden folder next to it, on the
     * same file system), renames each into it, and times its event; removes them all afterwards.
     */
    public static Report measure(ClientOptions server, Path repository, int renames) throws Exception {
        Path stage = Files.createTempDirectory(repository.toAbsolutePath().getParent(), ".ferry-bench-stage-");
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        ClientListener listener = new ClientListener() {
            @Override
            public void onEvent(Message.Event event) {
                long at = System.nanoTime();
                if (event instanceof Message.FilesChanged changed) {
                    if (changed.resync()) {
                        arrivals.add(new Arrival(null, at));
                    }
                    changed.changes().forEach(change -> arrivals.add(new Arrival(change.name(), at)));
                }
            }
        };
        long[] nanos = new long[renames];
        Random pauses = new Random(renames);
        String prefix = "ferry-bench-live-" + ProcessHandle.current().pid() + "-";
        try (FerryClient client = FerryClient.connect(server, listener)) {
            client.watch().get(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
            for (int i = 0; i < renames; i++) {
                String name = prefix + i + ".txt";
                Path staged = Files.writeString(stage.resolve(name), "renamed in\n");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauses.nextInt(MAX_PAUSE_MILLIS + 1)));
                long renamed = System.nanoTime();
                Files.move(staged, repository.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                nanos[i] = awaitEvent(arrivals, name) - renamed;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the listing did not come: " + e.getMessage(), e);
        } finally {
            for (int i = 0; i < renames; i++) {
                Files.deleteIfExists(repository.resolve(prefix + i + ".txt"));
            }
            PathUtils.deleteDirectory(stage);
        }
        return new Report()
                .add("live.renames", renames, "")
                .add("live.p50", Report.percentile(nanos.clone(), 0.50) / 1e6, "ms")
                .add("live.p99", Report.percentile(nanos.clone(), 0.99) / 1e6, "ms")
                .add("live.max", Report.percentile(nanos, 1.0) / 1e6, "ms");
    }

    /** When the event naming {@code name} came; a resync is no figure. */
    private static long awaitEvent(BlockingQueue<Arrival> arrivals, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_WAIT_SECONDS);
        for (;;) {
            Arrival arrival = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (arrival == null) {
                throw new IOException("no event named " + name + " within " + EVENT_WAIT_SECONDS + " s of its rename");
            }
            if (arrival.name() == null) {
                throw new IOException("the server asked for a resync, which one rename at a time should never need");
            }
            if (arrival.name().equals(name)) {
                return arrival.at();
            }
        }
    }
}
