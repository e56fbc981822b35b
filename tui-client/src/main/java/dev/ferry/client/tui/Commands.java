package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.command.CommandRunner;
import dev.ferry.client.command.Front;
import dev.ferry.client.command.Replies;
import dev.ferry.client.command.Typed;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The command line's side of the shared command layer: a line typed is read as the shell reads
 * it ({@link Typed}) and run by {@link CommandRunner}; here it is echoed to the message log, its
 * request goes out on the request thread ({@link Requests}), and the worded reply is logged on the
 * GUI thread when it arrives. Lists and the connection table also fill their panes. Nothing here
 * waits, or writes to the socket.
 */
final class Commands implements Front {

    /** What commands need from the rest of the UI; called on the GUI thread. */
    interface Host {
        /** The live connection, or null while offline. */
        FerryClient client();

        Set<String> knownFiles();

        /** Downloads {@code name}; a file already there is replaced if {@code overwrite}, else only if the user says so. */
        void download(String name, boolean overwrite);

        /**
         * Uploads what {@code path} stands for (a file, or a folder's tree), named below {@code prefix}
         * as {@code as} or its own name; a file on the server is replaced if {@code overwrite}, else
         * only if the user says so. Walks the path off the GUI thread.
         */
        void put(java.nio.file.Path path, String prefix, String as, boolean overwrite);

        void quit();

        void showFiles(List<FileEntry> files);

        void showConnections(List<ConnectionRow> rows);
    }

    private final Host host;
    private final MessageLog log;
    private final UiExecutor ui;
    private final Requests requests;
    private final CommandRunner runner = new CommandRunner(this);

    Commands(Host host, MessageLog log, UiExecutor ui, Requests requests) {
        this.host = host;
        this.log = log;
        this.ui = ui;
        this.requests = requests;
    }

    /** Runs one typed line. */
    void run(String line) {
        Typed typed = Typed.parse(line, host.knownFiles());
        if (typed instanceof Typed.Blank) {
            return;
        }
        FerryClient client = host.client();
        log.add(MessageLog.Kind.SENT, (client != null ? client.name() : "offline") + "> " + line.strip());
        runner.run(typed);
    }

    @Override
    public FerryClient client() {
        return host.client();
    }

    @Override
    public <T> void request(FerryClient client, Function<FerryClient, CompletableFuture<T>> request,
            BiConsumer<T, Throwable> done) {
        requests.call(client, request).whenComplete((value, failure) -> ui.post(() -> done.accept(value, failure)));
    }

    @Override
    public void reply(String text) {
        log.add(MessageLog.Kind.REPLY, text);
    }

    @Override
    public void acked(String text) {
        log.add(MessageLog.Kind.ACK, text);
    }

    @Override
    public void error(String text) {
        log.add(MessageLog.Kind.ERROR, text);
    }

    @Override
    public void download(String name, boolean overwrite) {
        host.download(name, overwrite);
    }

    @Override
    public void put(java.nio.file.Path path, String prefix, String as, boolean overwrite) {
        host.put(path, prefix, as, overwrite);
    }

    @Override
    public void exit() {
        host.quit();
    }

    @Override
    public void listed(List<FileEntry> files, boolean bytes) {
        host.showFiles(files);
        reply(Replies.filesShown(files.size(), "Files"));
    }

    @Override
    public void connections(List<ConnectionRow> rows) {
        host.showConnections(rows);
    }

    @Override
    public String helpFooter() {
        return "keys: F1, or ? in a pane";
    }
}
