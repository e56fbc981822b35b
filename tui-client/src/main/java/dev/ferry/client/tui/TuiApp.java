package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.command.LiveFiles;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.shell.CommandHistory;
import dev.ferry.client.shell.Completion;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.jline.reader.History;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal UI: builds the panes, ties them to the connection, and owns the threads it starts.
 *
 * <p>Threads: the GUI thread ({@code ferry-ui}, see {@link FerryScreen}) owns every component and
 * all state here, and never calls the client itself: requests go out on the request thread
 * ({@code ferry-ui-requests}, see {@link Requests}). The connection's reader thread, the progress
 * ticker ({@code ferry-ui-progress}) and the {@link Reconnector}'s worker ({@code ferry-ui-connect})
 * only post to the GUI thread through {@link UiExecutor}. The thread that calls {@link #run} sets
 * up, waits for the GUI to stop, then restores the terminal, says goodbye to the server and shuts
 * down what it started.
 */
final class TuiApp implements Commands.Host, MainWindow.Actions, ConnectionControl.Host {
    private static final Logger log = LoggerFactory.getLogger(TuiApp.class);

    /**
     * How often progress is redrawn; how long running downloads may stand still before the server
     * is pinged, and how long the ping may take before the connection is given up.
     */
    record Timing(Duration progress, Duration quiet, Duration pingTimeout) {
        static final Timing DEFAULT = new Timing(Duration.ofMillis(200), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    /** How the UI ended: a failure of the UI itself, or the reason the connection was lost, or neither. */
    /**
     * How the UI ended: a failure, the reason a lost connection gave, and the server's answer to
     * the goodbye ({@code BYE from HOST:PORT}), each null if there was none.
     */
    record Ending(String failure, String lostConnection, String farewell) {}

    private final Timing timing;
    private final Palette palette;
    private final UiExecutor ui = new UiExecutor();
    private final Requests requests = new Requests();

    private final Roster roster = new Roster();
    private final MessageLog messages = new MessageLog();
    private final FilesPane files;
    /** The server's files as the last listing and the events since have them; on the GUI thread. */
    private final LiveFiles live = new LiveFiles();
    private final LocalFolder localFolder;
    private final LocalPane local;
    private final ConnectionsPane connections;
    private final TransfersPane downloads;
    private final MessagesPane messagesPane;
    private final CommandBar commandBar;
    private final MainWindow window;
    private final Commands commands;
    private final DownloadControl transfers;
    private final UploadControl uploads;
    private final ConnectionControl link;
    private final StatusLines lines;
    private final UiErrors errors;
    private final SilenceWatch silence;

    // GUI-thread state; set up by the launching thread before the GUI thread starts
    private boolean quitting;
    private FerryScreen screen;
    private ChoiceDialog quitQuestion;

    TuiApp(FerryTui.Connector connector, Path folder, Palette palette) {
        this(connector, folder, palette, Timing.DEFAULT, CommandHistory.open());
    }

    /** With a history for this run only. */
    TuiApp(FerryTui.Connector connector, Path folder, Palette palette, Timing timing) {
        this(connector, folder, palette, timing, CommandHistory.open(null));
    }

    /** With its own idea of how long a silent server is given, and the command line's history. */
    TuiApp(FerryTui.Connector connector, Path folder, Palette palette, Timing timing, History history) {
        this.timing = timing;
        this.palette = palette;
        this.files = new FilesPane(palette, this::download);
        this.localFolder = new LocalFolder(ui);
        this.local = new LocalPane(palette, localFolder, Path.of(""), this::upload,
                problem -> messages.add(MessageLog.Kind.ERROR, problem));
        this.connections = new ConnectionsPane(palette, roster);
        this.downloads = new TransfersPane(palette, this::cancel, this::again);
        this.transfers = new DownloadControl(this::client, folder, downloads, messages, ui, requests, palette,
                dialog -> screen.show(dialog), this::downloadEnded);
        this.uploads = new UploadControl(this::client, files::names, localFolder, downloads, messages, ui, requests, palette,
                dialog -> screen.show(dialog), this::uploadEnded);
        this.messagesPane = new MessagesPane(palette, messages);
        this.commandBar = new CommandBar(this::typed, this::backToPanes,
                (line, cursor) -> Completion.at(line, cursor, files.names(), otherClients()),
                matches -> messages.add(MessageLog.Kind.REPLY, "Tab: " + String.join("  ", matches)), history);
        this.link = new ConnectionControl(connector, ui, requests, palette, roster, connections, downloads, commandBar,
                messages, dialog -> screen.show(dialog));
        TextBar status = new TextBar(palette);
        TextBar footer = new TextBar(palette);
        this.lines = new StatusLines(status, footer, folder);
        ScreenLayout layout = new ScreenLayout(new ScreenLayout.Wants(files::wantedColumns, local::wantedColumns,
                files::wantedRows, local::wantedRows,
                () -> Math.max(connections.wantedColumns(),
                        downloads.rowCount() > 0 ? 2 + ListPane.MARK.length() + GaugeLayout.columnsForTimeLeft() : 0),
                () -> 2 + 1 + Math.max(1, roster.size()),
                () -> 2 + 2 * Math.max(1, downloads.rowCount())));
        this.window = new MainWindow(layout, status, files, local, connections, downloads, messagesPane, commandBar,
                footer, this);
        this.commands = new Commands(this, messages, ui, requests);
        this.errors = new UiErrors(text -> messages.add(MessageLog.Kind.ERROR, "! " + text));
        this.silence = new SilenceWatch(timing.quiet(), timing.pingTimeout(), requests, ui, link);
        for (Pane pane : List.of(files, local, connections, downloads, messagesPane)) {
            pane.onFocusChange(this::showHints);
        }
        commandBar.onFocusChange(this::showHints);
    }

    /** Reads the local folders and walks the trees to upload, off the GUI thread. */
    LocalFolder localFolder() {
        return localFolder;
    }

    /** Shows {@code folder} in the Local pane when the UI starts, instead of the working folder. */
    void startLocalIn(Path folder) {
        local.startIn(folder);
    }

    /** A listener for the next connection; the first must be made with it before {@link #run}. */
    ClientFeed nextFeed() {
        return link.nextFeed();
    }

    /**
     * Runs the UI on {@code screen} with the connection already made, until the user quits or the
     * terminal fails; then restores the screen, says goodbye and closes the connection.
     */
    Ending run(FerryScreen screen, FerryClient first) {
        this.screen = screen;
        ProgressTicker ticker = new ProgressTicker(ui, downloads, this::tick, timing.progress());
        String failure = null;
        window.setFocusedInteractable(files);
        local.reload();
        link.start(first, this);
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
            localFolder.close();
            screen.close();
        }
        link.close();
        requests.close();
        return new Ending(failure != null ? failure : errors.fatal(), link.lostReason(), link.farewell());
    }

    // ----------------------------------------------------------------- the connection

    /** A connection was taken up: the files it offers, and the downloads the last drop cut off resume. */
    @Override
    public void connected() {
        refreshFiles(false);
        transfers.resumeCutOff();
        uploads.resumeCutOff();
    }

    @Override
    public void stateChanged() {
        showStatus();
        showHints();
    }

    @Override
    public void reconnect() {
        link.reconnect();
    }

    // ----------------------------------------------------------------- downloads

    private void tick(long nowNanos) {
        downloads.tick(nowNanos);
        silence.check(nowNanos, downloads.started(), downloads.runningBytes());
    }

    private void download(String name) {
        transfers.download(name, false);
    }

    @Override
    public void download(String name, boolean overwrite) {
        transfers.download(name, overwrite);
    }

    /**
     * Uploads a local file, or every file of a folder's tree under the folder's name: {@code u} in
     * the Local pane, or Enter on a file there; the same way as {@code put} on the command line.
     */
    private void upload(LocalFolder.Entry entry) {
        uploads.put(entry.path(), "", null, false);
    }

    /** An upload ended: the server's list changes by itself (ferryd pushes it), and the quit question may change. */
    private void uploadEnded() {
        if (quitQuestion != null && screen.isOpen(quitQuestion)) {
            quitQuestion.text(quitText(downloads.transfers()));
        }
    }

    /** {@code put} on the command line, from the shared command layer: as the Local pane's {@code u}. */
    @Override
    public void put(Path path, String prefix, String as, boolean overwrite) {
        uploads.put(path, prefix, as, overwrite);
    }

    /** Enter on a stopped or failed transfer: moves it again, resuming where it stopped. */
    private void again(Transfer transfer) {
        if (transfer.isUpload()) {
            uploads.again(transfer);
        } else {
            download(transfer.name());
        }
    }

    private void cancel(Transfer transfer) {
        transfers.cancel(transfer);
    }

    /**
     * A download ended: the file list may have changed, so may the local folder (a verified file
     * lands there), and an open quit question may no longer be true.
     */
    private void downloadEnded() {
        refreshFiles(false);
        local.reload();
        if (quitQuestion != null && screen.isOpen(quitQuestion)) {
            quitQuestion.text(quitText(downloads.transfers()));
        }
    }

    // ----------------------------------------------------------------- commands and keys

    private void typed(String line) {
        commands.run(line);
    }

    /** The clients connected now, but you: for Tab after msg. */
    private List<String> otherClients() {
        return roster.rows().stream().filter(Roster.Row::connected).map(Roster.Row::name)
                .filter(name -> !name.equals(roster.you())).toList();
    }

    private void backToPanes() {
        window.setFocusedInteractable(files);
    }

    @Override
    public FerryClient client() {
        return link.client();
    }

    @Override
    public Set<String> knownFiles() {
        return files.names();
    }

    @Override
    public void showFiles(List<FileEntry> list) {
        live.replace(list);
        files.show(live.files());
    }

    @Override
    public void filesListed(List<FileEntry> list) {
        showFiles(list);
    }

    @Override
    public void filesChanged(Message.FilesChanged event) {
        if (event.resync()) {
            refreshFiles(false);
            return;
        }
        live.apply(event);
        files.show(live.files());
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

    /**
     * Asks for the listing and the events after it (WATCH). The listing itself reaches the pane
     * through {@link #filesListed}, in order with the events; here only a failure or the count is said.
     */
    private void refreshFiles(boolean announce) {
        FerryClient connection = link.client();
        if (connection == null) {
            if (announce) {
                messages.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect");
            }
            return;
        }
        requests.call(connection, FerryClient::watch).whenComplete((list, failure) -> ui.post(() -> {
            if (failure != null && !announce && lost(failure)) {
                return; // the connection is going, and the drop says so itself
            }
            if (failure != null) {
                messages.add(MessageLog.Kind.ERROR, "! list: " + Formats.failure(failure));
                return;
            }
            if (announce) {
                messages.add(MessageLog.Kind.REPLY, "refreshed: " + (list.size() == 1 ? "1 file" : list.size() + " files"));
            }
        }));
    }

    private static boolean lost(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof FerryException e && e.kind() == FerryException.Kind.LOST;
    }

    @Override
    public void unusedKey(char typed, Pane pane) {
        lines.unusedKey(typed, pane.title());
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
        if (downloads.activeCount() == 0) {
            stop();
            return;
        }
        quitQuestion = new ChoiceDialog(palette, "Quit Ferry?", quitText(downloads.transfers()), List.of(
                new ChoiceDialog.Choice('y', "Quit", this::stop),
                new ChoiceDialog.Choice('n', "Stay", () -> { })));
        screen.show(quitQuestion);
    }

    /**
     * What the quit question says about the transfers still running, each way, and what each
     * keeps: a download its .part here, an upload the part the server holds.
     */
    static List<String> quitText(List<Transfer> transfers) {
        long down = transfers.stream().filter(t -> t.state().active() && !t.isUpload()).count();
        long up = transfers.stream().filter(t -> t.state().active() && t.isUpload()).count();
        if (down == 0 && up == 0) {
            return ChoiceDialog.wrap("Nothing is moving any more: quitting now leaves nothing half done.");
        }
        List<String> text = new java.util.ArrayList<>();
        if (down > 0) {
            text.addAll(ChoiceDialog.wrap((down == 1 ? "A download is" : down + " downloads are") + " still running. "
                    + "If you quit now, " + (down == 1 ? "it keeps its" : "each keeps its") + " .part file here, "
                    + "and a later get resumes it."));
        }
        if (up > 0) {
            text.addAll(ChoiceDialog.wrap((up == 1 ? "An upload is" : up + " uploads are") + " still running. "
                    + "If you quit now, the server keeps what it received, and a later put of the same file "
                    + "resumes from there."));
        }
        return text;
    }

    private void stop() {
        quitting = true;
        link.quitting();
        screen.requestStop();
    }

    // ----------------------------------------------------------------- the bars

    private void showStatus() {
        FerryClient client = link.client();
        if (client != null) {
            lines.online(client);
        } else if (link.connecting()) {
            lines.connecting(link.address());
        } else {
            lines.offline(link.lostReason());
        }
    }

    private void showHints() {
        lines.keysFor(StatusLines.place(window.getFocusedInteractable(), files, local, connections, downloads, messagesPane),
                link.client() == null, downloads.keys());
    }
}
