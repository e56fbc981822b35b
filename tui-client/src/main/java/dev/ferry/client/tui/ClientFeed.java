package dev.ferry.client.tui;

import dev.ferry.client.connection.ClientListener;
import dev.ferry.protocol.Message;
import java.util.List;

/**
 * Carries what one connection hears from the server onto the GUI thread. Its calls come on the
 * connection's reader thread, so it touches nothing itself; each connection gets its own feed,
 * numbered, so news from a connection that has since been replaced can be told apart.
 */
final class ClientFeed implements ClientListener {

    /** Where the news goes, on the GUI thread. */
    interface Sink {
        void serverEvent(int connection, Message.Event event);

        void connectionClosed(int connection, String reason);

        /** The listing a WATCH was answered with, in order with the events around it. */
        void filesListed(int connection, List<Message.FileEntry> files);
    }

    private final int connection;
    private final UiExecutor ui;
    private final Sink sink;

    ClientFeed(int connection, UiExecutor ui, Sink sink) {
        this.connection = connection;
        this.ui = ui;
        this.sink = sink;
    }

    int connection() {
        return connection;
    }

    @Override
    public void onEvent(Message.Event event) {
        ui.post(() -> sink.serverEvent(connection, event));
    }

    @Override
    public void onFiles(List<Message.FileEntry> files) {
        ui.post(() -> sink.filesListed(connection, files));
    }

    @Override
    public void onClosed(String reason, boolean requested) {
        ui.post(() -> sink.connectionClosed(connection, reason));
    }
}
