package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.Window;
import dev.ferry.client.FerryClient;
import dev.ferry.client.command.Replies;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's life as the UI sees it: taking up a new connection, the server's events while
 * it lasts, the drop (with the offer to reconnect), reconnecting, and the goodbye at the end.
 * Each connection has its own numbered {@link ClientFeed}; news from one that has been replaced
 * is ignored, and news from a newer one that is not shown yet is held until it is.
 *
 * <p>Lives on the GUI thread, except {@link #nextFeed} (any thread) and {@link #close} (the
 * launching thread, after the GUI has stopped).
 */
final class ConnectionControl implements ClientFeed.Sink, SilenceWatch.Host {
    private static final Logger log = LoggerFactory.getLogger(ConnectionControl.class);
    private static final int GOODBYE_SECONDS = 2;

    /** What the rest of the UI does when the connection comes and goes; called on the GUI thread. */
    interface Host {
        /** A connection was taken up: load what it shows. */
        void connected();

        /** The connection state changed: redraw the status line and key hints. */
        void stateChanged();

        /** The user chose to quit from the dialog. */
        void quit();

        /** The server's listing, in answer to a WATCH: the Files pane shows it. */
        void filesListed(List<Message.FileEntry> files);

        /** Files changed on the server; {@code resync}: too many to list, or events were lost. */
        void filesChanged(Message.FilesChanged event);
    }

    private final FerryTui.Connector connector;
    private final UiExecutor ui;
    private final Requests requests;
    private final Palette palette;
    private final Roster roster;
    private final ConnectionsPane connections;
    private final TransfersPane downloads;
    private final CommandBar commandBar;
    private volatile String farewell;
    private final MessageLog messages;
    private final Consumer<Window> dialogs;
    private final AtomicInteger feeds = new AtomicInteger();
    private Host host;
    private Reconnector reconnector;

    // GUI-thread state; set up by the launching thread before the GUI thread starts
    private FerryClient client;
    private int current;
    private final List<Runnable> early = new ArrayList<>();
    private boolean connecting;
    private String lostReason;
    private String silence;
    private boolean quitting;

    ConnectionControl(FerryTui.Connector connector, UiExecutor ui, Requests requests, Palette palette, Roster roster,
            ConnectionsPane connections, TransfersPane downloads, CommandBar commandBar, MessageLog messages,
            Consumer<Window> dialogs) {
        this.connector = connector;
        this.ui = ui;
        this.requests = requests;
        this.palette = palette;
        this.roster = roster;
        this.connections = connections;
        this.downloads = downloads;
        this.commandBar = commandBar;
        this.messages = messages;
        this.dialogs = dialogs;
    }

    /** A listener for the next connection; the first must be made with it before {@link #start}. */
    ClientFeed nextFeed() {
        return new ClientFeed(feeds.incrementAndGet(), ui, this);
    }

    /** Takes up the first connection, made with the first {@link #nextFeed}. */
    void start(FerryClient first, Host host) {
        this.host = host;
        reconnector = new Reconnector(connector, ui);
        connected(first, feeds.get());
    }

    /** The live connection, or null while offline. */
    @Override
    public FerryClient client() {
        return client;
    }

    boolean connecting() {
        return connecting;
    }

    /** Why the last connection was lost (and not regained), or null. */
    String lostReason() {
        return lostReason;
    }

    /** The server as {@code host:port}. */
    String address() {
        return connector.address();
    }

    /** The UI is ending: a drop now is not news, and no new connection is made. */
    void quitting() {
        quitting = true;
    }

    private void connected(FerryClient connection, int number) {
        reconnector.claim(connection);
        client = connection;
        current = number;
        connecting = false;
        lostReason = null;
        silence = null;
        String name = Text.printable(connection.name());
        roster.reset(name);
        connections.online(true);
        downloads.online(true);
        commandBar.prompt(name + ">");
        messages.add(MessageLog.Kind.DONE, "connected to " + Formats.hostPort(connection.remote()) + " as "
                + name + " (" + Text.printable(connection.server()) + ")");
        requests.call(connection, FerryClient::status).whenComplete((rows, failure) -> ui.post(() -> {
            if (connection != client) {
                return;
            }
            if (failure != null) {
                messages.add(MessageLog.Kind.ERROR, "! status: " + Formats.failure(failure));
            } else {
                roster.load(rows);
                connections.changed();
            }
        }));
        host.connected();
        host.stateChanged();
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
            messages.add(MessageLog.Kind.CHAT, Text.printable(chat.from()) + ": " + Text.printable(chat.text()));
        } else if (event instanceof Message.Private message) {
            messages.add(MessageLog.Kind.CHAT, Text.printable(message.from()) + " (to you only): "
                    + Text.printable(message.text()));
        } else if (event instanceof Message.Earlier earlier) {
            messages.add(MessageLog.Kind.PRESENCE, Text.printable(earlier.from()) + ": " + Text.printable(earlier.text())
                    + " (said at " + Formats.clock(earlier.at()) + ", before you joined)");
        } else if (event instanceof Message.Joined joined) {
            roster.apply(joined);
            connections.changed();
            messages.add(MessageLog.Kind.PRESENCE, "* " + Text.printable(joined.displayName()) + " joined from "
                    + Text.printable(joined.address()));
        } else if (event instanceof Message.Left left) {
            roster.apply(left);
            connections.changed();
            messages.add(MessageLog.Kind.PRESENCE, "* " + Text.printable(left.name()) + " left ("
                    + Text.printable(left.reason()) + ")");
        } else if (event instanceof Message.Notice notice) {
            messages.add(MessageLog.Kind.NOTICE, "! server: " + Text.printable(notice.text()));
            if (notice.code() == ErrorCode.EVENTS_DROPPED) {
                host.filesChanged(Message.FilesChanged.resyncNeeded()); // file events may be among those lost
            }
        } else if (event instanceof Message.Uploaded upload) {
            messages.add(MessageLog.Kind.PRESENCE, Replies.uploaded(upload));
        } else if (event instanceof Message.FilesChanged changed) {
            host.filesChanged(changed);
        }
    }

    @Override
    public void filesListed(int connection, List<Message.FileEntry> files) {
        if (isCurrent(connection, () -> filesListed(connection, files))) {
            host.filesListed(files);
        }
    }

    @Override
    public void connectionClosed(int connection, String why) {
        if (!isCurrent(connection, () -> connectionClosed(connection, why)) || quitting) {
            return;
        }
        String reason = withoutPrefix(silence != null ? silence : Text.printable(why));
        silence = null;
        FerryClient gone = client;
        client = null;
        if (gone != null) {
            reconnector.closeLater(gone);
        }
        lostReason = reason;
        messages.add(MessageLog.Kind.ERROR, "! connection lost: " + reason);
        connections.online(false);
        downloads.online(false);
        commandBar.prompt("offline>");
        host.stateChanged();
        offerReconnect(reason);
    }

    /** The server stopped answering: close the connection, and say why when the drop comes through. */
    @Override
    public void silent(FerryClient connection, String reason) {
        if (connection != client || silence != null) {
            return;
        }
        log.info("closing the connection: {}", reason);
        silence = reason;
        reconnector.closeLater(connection);
    }

    /** True if news is from the connection shown; news from a newer one is held until it is shown. */
    private boolean isCurrent(int connection, Runnable later) {
        if (connection > current) {
            early.add(later);
        }
        return connection == current;
    }

    /**
     * The reason a connection ended, without a leading "connection lost:" that whoever shows it
     * says already.
     */
    static String withoutPrefix(String reason) {
        String prefix = "connection lost: ";
        return reason.regionMatches(true, 0, prefix, 0, prefix.length()) ? reason.substring(prefix.length()) : reason;
    }

    private void offerReconnect(String reason) {
        List<String> text = new ArrayList<>(ChoiceDialog.wrap("The connection to " + connector.address()
                + " was lost: " + reason + (reason.endsWith(".") ? "" : ".")));
        long cut = downloads.transfers().stream().filter(t -> t.state() == Transfer.State.CUT).count();
        String reconnect = "Reconnect";
        if (cut > 0) {
            text.add("");
            text.addAll(ChoiceDialog.wrap(cut == 1
                    ? "1 download was cut off; what arrived is kept in its .part file, and reconnecting resumes it."
                    : cut + " downloads were cut off; what arrived is kept in their .part files, and reconnecting "
                            + "resumes them."));
            reconnect = "Reconnect and resume " + (cut == 1 ? "1 download" : cut + " downloads");
        }
        dialogs.accept(new ChoiceDialog(palette, "Connection lost", text, List.of(
                new ChoiceDialog.Choice('r', reconnect, this::reconnect),
                new ChoiceDialog.Choice('q', "Quit", () -> host.quit()),
                new ChoiceDialog.Choice('s', "Stay offline", () -> { }))));
    }

    /** Connects again in the background, if offline and not already trying. */
    void reconnect() {
        if (quitting || connecting) {
            return;
        }
        if (client != null) {
            messages.add(MessageLog.Kind.REPLY, "already connected as " + Text.printable(client.name()));
            return;
        }
        connecting = true;
        host.stateChanged();
        messages.add(MessageLog.Kind.REPLY, "connecting to " + connector.address() + "…");
        ClientFeed feed = nextFeed();
        reconnector.connect(feed, connection -> connected(connection, feed.connection()), this::reconnectFailed);
    }

    private void reconnectFailed(String reason) {
        connecting = false;
        lostReason = reason;
        messages.add(MessageLog.Kind.ERROR, "! " + reason + " (R tries again)");
        host.stateChanged();
    }

    /**
     * After the GUI has stopped: says goodbye on the live connection, closes it, and stops the
     * worker (closing a connection that arrived too late to be shown). The goodbye goes out on the
     * request thread like every request, and is given {@value #GOODBYE_SECONDS} s: closing the
     * connection after that also frees a request thread stuck writing to a server that stopped reading.
     */
    void close() {
        FerryClient connection = client;
        client = null;
        if (connection != null) {
            goodbye(connection);
        }
        if (reconnector != null) {
            reconnector.close();
        }
    }

    /** The server's answer to the goodbye, as said once the screen is closed: {@code BYE}, or null if none came. */
    String farewell() {
        return farewell;
    }

    private void goodbye(FerryClient connection) {
        if (connection.isOpen()) {
            try {
                String reason = requests.call(connection, FerryClient::exit).get(GOODBYE_SECONDS, TimeUnit.SECONDS);
                farewell = "BYE from " + Formats.hostPort(connection.remote())
                        + (reason == null || reason.isBlank() || reason.equals("bye") ? "" : ": " + Text.printable(reason));
            } catch (ExecutionException | TimeoutException e) {
                log.debug("no goodbye from the server: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
    }
}
