package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.Formats;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal UI: builds the panes, ties them to the connection, and owns the threads it starts.
 *
 * <p>Threads: the GUI thread ({@code ferry-ui}, see {@link FerryScreen}) owns every component and
 * all state here;
 * the connection's reader thread, the progress ticker ({@code ferry-ui-progress}) and the
 * {@link Reconnector}'s worker ({@code ferry-ui-connect}) only post to it through {@link UiExecutor}. The
 * thread that calls {@link #run} sets up, waits for the GUI to stop, then restores the terminal,
 * says goodbye to the server and shuts down what it started.
 */
final class TuiApp implements ClientFeed.Sink, Commands.Host, MainWindow.Actions {
    private static final Logger log = LoggerFactory.getLogger(TuiApp.class);
    static final Duration PROGRESS_PERIOD = Duration.ofMillis(200);
    private static final Duration GOODBYE = Duration.ofSeconds(2);

    /** How the UI ended: a failure of the UI itself, or the reason the connection was lost, or neither. */
    record Ending(String failure, String lostConnection) {}

    private final FerryTui.Connector connector;
    private final Path folder;
    private final Palette palette;
    private final UiExecutor ui = new UiExecutor();
    private final AtomicInteger feeds = new AtomicInteger();

    private final Roster roster = new Roster();
    private final MessageLog messages = new MessageLog();
    private final FilesPane files;
    private final ConnectionsPane connections;
    private final DownloadsPane downloads;
    private final MessagesPane messagesPane;
    private final CommandBar commandBar;
    private final MainWindow window;
    private final Commands commands;
    private final DownloadControl transfers;
    private final StatusLines lines;
    private final UiErrors errors;

    // GUI-thread state; set up by the launching thread before the GUI thread starts
    private FerryClient client;
    private int current;
    private final List<Runnable> early = new ArrayList<>();
    private boolean connecting;
    private String lostReason;
    private boolean quitting;
    private FerryScreen screen;
    private Reconnector reconnector;

    TuiApp(FerryTui.Connector connector, Path folder, Palette palette) {
        this.connector = connector;
        this.folder = folder;
        this.palette = palette;
        this.files = new FilesPane(palette, this::download);
        this.connections = new ConnectionsPane(palette, roster);
        this.downloads = new DownloadsPane(palette, this::cancel, transfer -> download(transfer.name()));
        this.transfers = new DownloadControl(this::client, folder, downloads, messages, ui, palette,
                dialog -> screen.show(dialog), () -> refreshFiles(false));
        this.messagesPane = new MessagesPane(palette, messages);
        this.commandBar = new CommandBar(this::typed, this::backToPanes);
        TextBar status = new TextBar(palette);
        TextBar footer = new TextBar(palette);
        this.lines = new StatusLines(status, footer, folder);
        ScreenLayout layout = new ScreenLayout(() -> 1 + Math.max(1, roster.size()),
                () -> 2 * Math.max(1, downloads.rowCount()));
        this.window = new MainWindow(layout, status, files, connections, downloads, messagesPane, commandBar, footer, this);
        this.commands = new Commands(this, messages, ui);
        this.errors = new UiErrors(text -> messages.add(MessageLog.Kind.ERROR, "! " + text));
        for (Pane pane : List.of(files, connections, downloads, messagesPane)) {
            pane.onFocusChange(this::showHints);
        }
        commandBar.onFocusChange(this::showHints);
    }

    /** A listener for the next connection; the first must be made with it before {@link #run}. */
    ClientFeed nextFeed() {
        return new ClientFeed(feeds.incrementAndGet(), ui, this);
    }

    /**
     * Runs the UI on {@code screen} with the connection already made, until the user quits or the
     * terminal fails; then restores the screen, says goodbye and closes the connection.
     */
    Ending run(FerryScreen screen, FerryClient first) {
        this.screen = screen;
        reconnector = new Reconnector(connector, ui);
        ProgressTicker ticker = new ProgressTicker(ui, downloads, PROGRESS_PERIOD);
        String failure = null;
        window.setFocusedInteractable(files);
        connected(first, feeds.get());
        try {
            screen.open(window, palette, errors, ui);
            ticker.start();
            screen.awaitStop();
        } catch (IOException e) {
            log.error("cannot start the screen", e);
            failure = "cannot start the screen: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            screen.requestStop();
        } finally {
            ui.close();
            ticker.close();
            screen.close();
        }
        goodbye(client);
        reconnector.close();
        return new Ending(failure != null ? failure : errors.fatal(), lostReason);
    }

    // ----------------------------------------------------------------- the connection

    private void connected(FerryClient connection, int number) {
        reconnector.claim(connection);
        client = connection;
        current = number;
        connecting = false;
        lostReason = null;
        roster.reset(connection.name());
        connections.online(true);
        commandBar.prompt(connection.name() + ">");
        messages.add(MessageLog.Kind.DONE, "connected to " + Formats.hostPort(connection.remote()) + " as "
                + connection.name() + " (" + connection.server() + ")");
        refreshFiles(false);
        connection.status().whenComplete((rows, failure) -> ui.post(() -> {
            if (connection != client) {
                return;
            }
            if (failure != null) {
                messages.add(MessageLog.Kind.ERROR, "! status: " + Formats.failure(failure));
            } else {
                showConnections(rows);
            }
        }));
        showStatus();
        showHints();
        List<Runnable> held = new ArrayList<>(early);
        early.clear();
        held.forEach(Runnable::run);
    }

    @Override
    public void serverEvent(int connection, Message.Event event) {
        if (!isCurrent(connection, () -> serverEvent(connection, event))) {
            return;
        }
        if (event instanceof Message.Chat chat) {
            messages.add(MessageLog.Kind.CHAT, chat.from() + ": " + chat.text());
        } else if (event instanceof Message.Joined joined) {
            roster.apply(joined);
            connections.changed();
            messages.add(MessageLog.Kind.PRESENCE, "* " + joined.name() + " joined from " + joined.address());
        } else if (event instanceof Message.Left left) {
            roster.apply(left);
            connections.changed();
            messages.add(MessageLog.Kind.PRESENCE, "* " + left.name() + " left (" + left.reason() + ")");
        } else if (event instanceof Message.Notice notice) {
            messages.add(MessageLog.Kind.NOTICE, "! server: " + notice.text());
        }
    }

    @Override
    public void connectionClosed(int connection, String reason, boolean requested) {
        if (!isCurrent(connection, () -> connectionClosed(connection, reason, requested)) || quitting) {
            return;
        }
        FerryClient gone = client;
        client = null;
        if (gone != null) {
            reconnector.closeLater(gone);
        }
        lostReason = reason;
        messages.add(MessageLog.Kind.ERROR, "! connection closed: " + reason);
        connections.online(false);
        commandBar.prompt("offline>");
        showStatus();
        showHints();
        offerReconnect(reason);
    }

    /** True if news is from the connection shown; news from a newer one is held until it is shown. */
    private boolean isCurrent(int connection, Runnable later) {
        if (connection > current) {
            early.add(later);
        }
        return connection == current;
    }

    private void offerReconnect(String reason) {
        List<String> text = new ArrayList<>(ChoiceDialog.wrap("The connection to " + connector.address()
                + " was lost: " + reason + "."));
        boolean cut = downloads.transfers().stream().anyMatch(t -> t.state() == Transfer.State.CUT);
        if (cut) {
            text.addAll(ChoiceDialog.wrap("Downloads that were cut keep their .part file: once reconnected, Enter "
                    + "on one in Downloads (or get NAME) resumes it."));
        }
        screen.show(new ChoiceDialog(palette, "Connection lost", text, List.of(
                new ChoiceDialog.Choice('r', "Reconnect", this::reconnect),
                new ChoiceDialog.Choice('q', "Quit", this::quit),
                new ChoiceDialog.Choice('s', "Stay offline", () -> { }))));
    }

    @Override
    public void reconnect() {
        if (quitting || connecting) {
            return;
        }
        if (client != null) {
            messages.add(MessageLog.Kind.REPLY, "already connected as " + client.name());
            return;
        }
        connecting = true;
        showStatus();
        messages.add(MessageLog.Kind.REPLY, "connecting to " + connector.address() + "…");
        ClientFeed feed = nextFeed();
        reconnector.connect(feed, connection -> connected(connection, feed.connection()), this::reconnectFailed);
    }

    private void reconnectFailed(String reason) {
        connecting = false;
        lostReason = reason;
        messages.add(MessageLog.Kind.ERROR, "! " + reason + " (R tries again)");
        showStatus();
    }

    // ----------------------------------------------------------------- downloads

    @Override
    public void download(String name) {
        transfers.download(name);
    }

    private void cancel(Transfer transfer) {
        transfers.cancel(transfer);
    }

    // ----------------------------------------------------------------- commands and keys

    private void typed(String line) {
        commands.run(line);
    }

    private void backToPanes() {
        window.setFocusedInteractable(files);
    }

    @Override
    public FerryClient client() {
        return client;
    }

    @Override
    public Set<String> knownFiles() {
        return files.names();
    }

    @Override
    public void showFiles(List<FileEntry> list) {
        files.show(list);
    }

    @Override
    public void showConnections(List<ConnectionRow> rows) {
        roster.load(rows);
        connections.changed();
    }

    @Override
    public void refresh() {
        refreshFiles(true);
    }

    private void refreshFiles(boolean announce) {
        FerryClient connection = client;
        if (connection == null) {
            if (announce) {
                messages.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect");
            }
            return;
        }
        connection.list().whenComplete((list, failure) -> ui.post(() -> {
            if (failure != null) {
                messages.add(MessageLog.Kind.ERROR, "! list: " + Formats.failure(failure));
                return;
            }
            files.show(list);
            if (announce) {
                messages.add(MessageLog.Kind.REPLY, "refreshed: " + files.info());
            }
        }));
    }

    @Override
    public void help() {
        if (screen.isActive(window)) {
            screen.show(new HelpOverlay(palette));
        }
    }

    @Override
    public void quit() {
        if (quitting) {
            return;
        }
        int running = downloads.activeCount();
        if (running == 0) {
            stop();
            return;
        }
        String what = running == 1 ? "A download is" : running + " downloads are";
        screen.show(new ChoiceDialog(palette, "Quit Ferry?",
                ChoiceDialog.wrap(what + " still running. If you quit now, each keeps its .part file "
                        + "and a later get resumes it."), List.of(
                new ChoiceDialog.Choice('y', "Quit", this::stop),
                new ChoiceDialog.Choice('n', "Stay", () -> { }))));
    }

    private void stop() {
        quitting = true;
        screen.requestStop();
    }

    // ----------------------------------------------------------------- the bars

    private void showStatus() {
        if (client != null) {
            lines.online(client);
        } else if (connecting) {
            lines.connecting(connector.address());
        } else {
            lines.offline(lostReason);
        }
    }

    private void showHints() {
        lines.keysFor(StatusLines.place(window.getFocusedInteractable(), files, connections, downloads, messagesPane),
                client == null);
    }

    // ----------------------------------------------------------------- ending

    private static void goodbye(FerryClient connection) {
        if (connection == null) {
            return;
        }
        if (connection.isOpen()) {
            try {
                connection.exit().get(GOODBYE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.debug("no goodbye from the server: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
    }
}
