package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.wording.Formats;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the connection work that may block, off the GUI thread: making a new connection (up to the
 * connect timeout) and closing a dead one (which waits for its reader). One worker thread,
 * {@code ferry-ui-connect}, owned here; {@link #close} stops it and closes a connection that
 * arrived after the GUI stopped, so none is leaked.
 */
final class Reconnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);
    private static final Duration STOP = Duration.ofSeconds(2);

    private final FerryTui.Connector connector;
    private final UiExecutor ui;
    private final AtomicReference<FerryClient> arriving = new AtomicReference<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Threads.named("ferry-ui-connect"));

    Reconnector(FerryTui.Connector connector, UiExecutor ui) {
        this.connector = connector;
        this.ui = ui;
    }

    /**
     * Connects in the background with {@code feed}; then, on the GUI thread, {@code connected}
     * gets the connection (and must call {@link #claim}) or {@code failed} gets the reason.
     */
    void connect(ClientFeed feed, Consumer<FerryClient> connected, Consumer<String> failed) {
        worker.execute(() -> {
            try {
                FerryClient connection = connector.connect(feed);
                arriving.set(connection);
                if (!ui.post(() -> connected.accept(connection)) && arriving.compareAndSet(connection, null)) {
                    connection.close();
                }
            } catch (FerryException e) {
                ui.post(() -> failed.accept(Formats.failure(e)));
            } catch (RuntimeException e) {
                log.error("reconnecting failed", e);
                ui.post(() -> failed.accept(Formats.failure(e)));
            }
        });
    }

    /** The GUI has taken up {@code connection}; it is no longer this worker's to close. */
    void claim(FerryClient connection) {
        arriving.compareAndSet(connection, null);
    }

    /** Closes a connection that has ended, without holding up the GUI thread. */
    void closeLater(FerryClient connection) {
        worker.execute(connection::close);
    }

    /** Lets closes in progress finish; a connection still being made is interrupted. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
                if (!worker.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("the reconnecting worker did not stop");
                }
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        FerryClient stray = arriving.getAndSet(null);
        if (stray != null) {
            stray.close();
        }
    }
}
