package dev.ferry.client.bench;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.io.file.PathUtils;

/**
 * Ferry's load scenarios, run through the same client library users have, against any running
 * ferryd. Every loop is bounded by a count, and every wait by a timeout.
 */
public final class Scenarios {
    private static final long WAIT_SECONDS = 600;

    private final ClientOptions server;
    private final Path scratch;

    /**
     * @param server  where ferryd listens
     * @param scratch a folder the scenarios may download into; each run removes what it fetched
     */
    public Scenarios(ClientOptions server, Path scratch) {
        this.server = server;
        this.scratch = scratch;
    }

    /**
     * {@code requests} gets of one small file, one after the other, on one connection, timed after
     * {@code warmUp} untimed ones on the same connection (the JVM compiles the path while they run;
     * a long session, such as the terminal UI's, runs compiled code). Each get lands in a folder of
     * its own (made before the clock starts), as a thousand different files would, and as the peers
     * it is compared with write a thousand different files.
     */
    public Report smallRequests(String name, int requests, int warmUp) throws Exception {
        // a fresh set of folders each run, so a run never meets files an earlier one fetched
        Path run = Files.createTempDirectory(Files.createDirectories(scratch), "small-");
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < warmUp + requests; i++) {
            folders.add(Files.createDirectories(run.resolve(Integer.toString(i))));
        }
        try (FerryClient client = connect()) {
            return timeSmallRequests(client, name, folders, requests, warmUp);
        } finally {
            PathUtils.deleteDirectory(run);
        }
    }

    private static Report timeSmallRequests(FerryClient client, String name, List<Path> folders, int requests, int warmUp)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmUp; i++) { // warm up both ends
            await(client.download(name, folders.get(i), false, DownloadListener.NONE).result());
        }
        long[] nanos = new long[requests];
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            await(client.download(name, folders.get(warmUp + i), false, DownloadListener.NONE).result());
            nanos[i] = System.nanoTime() - t0;
        }
        long total = System.nanoTime() - started;
        return new Report()
                .add("small.requests", requests, "gets")
                .add("small.warm_up", warmUp, "gets")
                .add("small.per_request_mean", total / 1e3 / requests, "us")
                .add("small.per_request_p50", Report.percentile(nanos.clone(), 0.50) / 1e3, "us")
                .add("small.per_request_p99", Report.percentile(nanos, 0.99) / 1e3, "us");
    }

    /**
     * Ping round trips on one connection, first idle, then while {@code loads} downloads of
     * {@code name} are in flight on the same connection (pings stop when the downloads end).
     */
    public Report pingUnderLoad(String name, int loads, int pings) throws Exception {
        try (FerryClient client = connect()) {
            for (int i = 0; i < 200; i++) {
                await(client.ping());
            }
            long[] idle = new long[pings];
            for (int i = 0; i < pings; i++) {
                idle[i] = await(client.ping());
            }
            List<Download> downloads = new ArrayList<>();
            CountDownLatch flowing = new CountDownLatch(loads);
            for (int i = 0; i < loads; i++) {
                downloads.add(client.download(name, scratch.resolve("load-" + i), true, new DownloadListener() {
                    private boolean counted;

                    @Override
                    public void progress(Download d, long received, long size) {
                        if (!counted) {
                            counted = true;
                            flowing.countDown();
                        }
                    }
                }));
            }
            if (!flowing.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new TimeoutException("the downloads never started");
            }
            long[] loaded = new long[pings];
            int measured = 0;
            while (measured < pings && downloads.stream().anyMatch(d -> !d.result().isDone())) {
                long rtt = await(client.ping());
                if (downloads.stream().anyMatch(d -> !d.result().isDone())) {
                    loaded[measured++] = rtt;
                }
            }
            for (Download d : downloads) {
                await(d.result());
            }
            long[] during = java.util.Arrays.copyOf(loaded, measured);
            Report report = new Report()
                    .add("ping.idle_p50", Report.percentile(idle.clone(), 0.50) / 1e6, "ms")
                    .add("ping.idle_p99", Report.percentile(idle.clone(), 0.99) / 1e6, "ms")
                    .add("ping.idle_max", Report.percentile(idle, 1.0) / 1e6, "ms")
                    .add("ping.loaded_downloads", loads, "in flight")
                    .add("ping.loaded_pings", measured, "pings");
            if (measured > 0) {
                report.add("ping.loaded_p50", Report.percentile(during.clone(), 0.50) / 1e6, "ms")
                        .add("ping.loaded_p99", Report.percentile(during.clone(), 0.99) / 1e6, "ms")
                        .add("ping.loaded_max", Report.percentile(during, 1.0) / 1e6, "ms");
            }
            return report;
        }
    }

    /** One client downloads {@code name} alone; then {@code clients} clients download it at once. */
    public Report fairShare(String name, int clients) throws Exception {
        double single;
        try (FerryClient alone = connect()) {
            DownloadResult result = await(alone.download(name, scratch.resolve("alone"), true, DownloadListener.NONE).result());
            single = result.size() / (result.elapsed().toNanos() / 1e9);
        }
        List<FerryClient> all = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                all.add(connect());
            }
            long started = System.nanoTime();
            List<Download> downloads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                downloads.add(all.get(i).download(name, scratch.resolve("fair-" + i), true, DownloadListener.NONE));
            }
            double[] rates = new double[clients];
            long bytes = 0;
            for (int i = 0; i < clients; i++) {
                DownloadResult result = await(downloads.get(i).result());
                rates[i] = result.size() / (result.elapsed().toNanos() / 1e9);
                bytes += result.size();
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double mean = java.util.Arrays.stream(rates).average().orElse(0);
            double spread = java.util.Arrays.stream(rates).map(r -> Math.abs(r - mean) / mean).max().orElse(0);
            double aggregate = bytes / wall;
            Report report = new Report().add("fair.single_client", single / (1 << 20), "MiB/s");
            for (int i = 0; i < clients; i++) {
                report.add("fair.client" + (i + 1), rates[i] / (1 << 20), "MiB/s");
            }
            return report.add("fair.largest_deviation_from_mean", spread * 100, "%")
                    .add("fair.aggregate", aggregate / (1 << 20), "MiB/s")
                    .add("fair.aggregate_vs_single", aggregate / single * 100, "%");
        } finally {
            all.forEach(FerryClient::close);
        }
    }

    /**
     * {@code clients} connections at once from this process; each lists the files and pings
     * while all are connected. The server must allow that many clients. The whole scenario waits
     * at most {@link #WAIT_SECONDS}: a server that stops answering costs that, not that per client,
     * and whatever did not finish in time counts as an error, once.
     */
    public Report scale(int clients, int connectThreads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connectThreads, r -> {
            Thread t = new Thread(r, "ferry-bench-connect");
            t.setDaemon(true);
            return t;
        });
        List<FerryClient> connected = new ArrayList<>();
        List<Future<FerryClient>> late = new ArrayList<>();
        int errors = 0;
        try {
            long started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            List<Future<FerryClient>> attempts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                attempts.add(pool.submit(this::connect));
            }
            for (Future<FerryClient> attempt : attempts) {
                try {
                    connected.add(attempt.get(left(deadline), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    errors++;
                } catch (TimeoutException e) {
                    errors++;
                    late.add(attempt);
                }
            }
            double connectSeconds = (System.nanoTime() - started) / 1e9;
            long workStarted = System.nanoTime();
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (FerryClient client : connected) {
                work.add(client.list().thenCompose(files -> client.ping()));
            }
            for (CompletableFuture<?> each : work) {
                try {
                    each.get(left(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    errors++;
                }
            }
            double workSeconds = (System.nanoTime() - workStarted) / 1e9;
            return new Report()
                    .add("scale.clients_connected", connected.size(), "clients")
                    .add("scale.errors", errors, "errors")
                    .add("scale.connect_rate", connected.size() / connectSeconds, "connections/s")
                    .add("scale.list_and_ping_all", workSeconds * 1e3, "ms");
        } finally {
            connected.forEach(FerryClient::close);
            pool.shutdownNow();
            // an attempt that connected after its time was up is already counted; close its connection
            if (!late.isEmpty() && pool.awaitTermination(30, TimeUnit.SECONDS)) {
                for (Future<FerryClient> attempt : late) {
                    if (attempt.isDone() && !attempt.isCancelled()) {
                        try {
                            attempt.get().close();
                        } catch (ExecutionException e) {
                            // it failed after all: nothing to close
                        }
                    }
                }
            }
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private FerryClient connect() throws FerryException {
        return FerryClient.connect(server, ClientListener.NONE);
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException, InterruptedException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + WAIT_SECONDS + " s", e);
        }
    }
}
