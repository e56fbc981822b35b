package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.Formats;
import dev.ferry.client.shell.Typed;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Text;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs what is typed on the command line, read exactly as the shell reads it ({@link Typed}): the
 * line is echoed to the message log, the request goes out at once on the request thread
 * ({@link Requests}), and the reply is logged when it arrives, on the GUI thread. Nothing here
 * waits, or writes to the socket.
 */
final class Commands {

    /** What commands need from the rest of the UI; called on the GUI thread. */
    interface Host {
        /** The live connection, or null while offline. */
        FerryClient client();

        Set<String> knownFiles();

        /** Downloads {@code name}; a file already there is replaced if {@code overwrite}, else only if the user says so. */
        void download(String name, boolean overwrite);

        void quit();

        void showFiles(List<FileEntry> files);

        void showConnections(List<ConnectionRow> rows);
    }

    private final Host host;
    private final MessageLog log;
    private final UiExecutor ui;
    private final Requests requests;

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
        log.add(MessageLog.Kind.SENT, (client != null ? client.name() : "offline") + "> " + Text.printable(line.strip()));
        if (typed instanceof Typed.Exit) {
            host.quit();
            return;
        }
        if (typed instanceof Typed.Invalid invalid) {
            log.add(MessageLog.Kind.ERROR, "! " + invalid.message());
            return;
        }
        if (client == null) {
            log.add(MessageLog.Kind.ERROR, "! not connected: press R in a pane to reconnect");
            return;
        }
        dispatch(typed, client);
    }

    private void dispatch(Typed typed, FerryClient client) {
        if (typed instanceof Typed.Get get) {
            get.names().forEach(name -> host.download(name, get.overwrite()));
        } else if (typed instanceof Typed.ListFiles) {
            reply("list", client, FerryClient::list, this::listed);
        } else if (typed instanceof Typed.Status) {
            reply("status", client, FerryClient::status, rows -> status(rows, client.name()));
        } else if (typed instanceof Typed.Who) {
            reply("who", client, FerryClient::who, names -> say("connected now: " + names.stream()
                    .map(n -> Text.printable(n.equals(client.name()) ? n + " (you)" : n)).collect(Collectors.joining(", "))));
        } else if (typed instanceof Typed.Ping ping) {
            ping(client, ping.count());
        } else if (typed instanceof Typed.Uptime) {
            reply("uptime", client, FerryClient::uptime, up -> say("up " + Formats.duration(up.uptime())
                    + " (since " + Formats.time(up.startedAt()) + ")"));
        } else if (typed instanceof Typed.Help) {
            reply("help", client, FerryClient::help, text -> say(Text.printableLines(text.strip())
                    + "\nkeys: F1, or ? in a pane"));
        } else if (typed instanceof Typed.About) {
            reply("about", client, FerryClient::about, a -> say(Text.printable(a.name() + " " + a.version()
                    + ", protocol " + a.protocol() + ": " + a.details())));
        } else if (typed instanceof Typed.Say message) {
            reply("message", client, c -> c.say(message.text()),
                    acked -> log.add(MessageLog.Kind.ACK, Text.printable(acked) + " ACK"));
        } else if (typed instanceof Typed.Msg msg) {
            reply("msg", client, c -> c.msg(msg.to(), msg.text()), acked -> log.add(MessageLog.Kind.ACK,
                    "to " + Text.printable(msg.to()) + ": " + Text.printable(acked) + " ACK"));
        } else {
            throw new IllegalStateException("the command line does not handle " + typed);
        }
    }

    /** Pings {@code left} more times, one after another. */
    private void ping(FerryClient client, int left) {
        reply("ping", client, FerryClient::ping, rtt -> {
            say("pong in " + Formats.millis(rtt) + " ms");
            if (left > 1 && host.client() == client) {
                ping(client, left - 1);
            }
        });
    }

    private void listed(List<FileEntry> files) {
        host.showFiles(files);
        say(files.size() == 1 ? "1 file, shown in Files" : files.size() + " files, shown in Files");
    }

    private void status(List<ConnectionRow> rows, String you) {
        host.showConnections(rows);
        say(String.join("\n", Formats.statusTable(rows, you)));
    }

    private void say(String text) {
        log.add(MessageLog.Kind.REPLY, text);
    }

    /** Makes the request on the request thread; logs the reply (or the failure) on the GUI thread when it comes. */
    private <T> void reply(String what, FerryClient client, Function<FerryClient, CompletableFuture<T>> request,
            Consumer<T> onReply) {
        requests.call(client, request).whenComplete((value, failure) -> ui.post(() -> {
            if (failure != null) {
                log.add(MessageLog.Kind.ERROR, "! " + what + ": " + Formats.failure(failure));
            } else {
                onReply.accept(value);
            }
        }));
    }
}
