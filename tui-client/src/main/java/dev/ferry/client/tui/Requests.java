package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FerryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's way to the server. A {@link FerryClient} request writes to the socket before it
 * returns, and a server that stops reading fills the send buffer and blocks the writer; so the
 * GUI thread never calls the client itself. Requests, downloads, cancels and the goodbye run here,
 * in order, on one thread of their own, {@code ferry-ui-requests}: a stuck server can hold up
 * requests, never the screen. Replies come back as futures, completed on the client's threads;
 * whoever asked hands them to the GUI thread with {@link UiExecutor}. Owned by {@link TuiApp},
 * which closes it once the connection is closed.
 */
final class Requests implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);
    private static final Duration STOP = Duration.ofSeconds(2);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("ferry-ui-requests"));

    /** Does {@code action} with {@code client} on the request thread; completes with what it returns. */
    <T> CompletableFuture<T> submit(FerryClient client, Function<FerryClient, T> action) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    done.complete(action.apply(client));
                } catch (RuntimeException e) {
                    log.error("a request failed to start", e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new FerryException(FerryException.Kind.LOCAL, "not sent: the UI is closing"));
        }
        return done;
    }

    /** Makes a request on the request thread; completes with its reply. */
    <T> CompletableFuture<T> call(FerryClient client, Function<FerryClient, CompletableFuture<T>> request) {
        return submit(client, request).thenCompose(Function.identity());
    }

    /** Does something that has no reply (a cancel) on the request thread. */
    void run(Runnable action) {
        try {
            thread.execute(action);
        } catch (RejectedExecutionException e) {
            log.debug("not run, the UI is closing: {}", action);
        }
    }

    /** Lets what is queued finish, for a short while; then interrupts what is left. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                if (!thread.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("the request thread did not stop");
                }
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
