package dev.ferry.client.tui;

import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who connected when: the server's connection table, its names and addresses made printable, loaded once from STATUS and then kept up to
 * date by JOINED and LEFT events as they arrive, never by polling. Events that arrive before the
 * table are held and applied after it, so none is lost and none counts twice. Lives on the GUI
 * thread.
 */
final class Roster {

    /**
     * One client's row; {@code finishedAt} is null while it is connected, {@code key} is the label
     * of the access key it came in with ({@code ""} for none).
     */
    record Row(String name, String key, String address, Instant connectedAt, Instant finishedAt) {
        /** A row of a client that came in without an access key. */
        Row(String name, String address, Instant connectedAt, Instant finishedAt) {
            this(name, "", address, connectedAt, finishedAt);
        }

        boolean connected() {
            return finishedAt == null;
        }

        /** The name with the key's label beside it: {@code Client02 (alice)}. */
        String displayName() {
            return key.isEmpty() ? name : name + " (" + key + ")";
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<Message.Event> early = new ArrayList<>();
    private String you = "";
    private boolean loaded;

    /** Forgets everything: a new connection, as {@code name}, is about to load the table. */
    void reset(String name) {
        rows.clear();
        early.clear();
        you = Text.printable(name);
        loaded = false;
    }

    /** The table from STATUS; events held until now are applied on top. */
    void load(List<ConnectionRow> table) {
        rows.clear();
        for (ConnectionRow row : table) {
            String name = Text.printable(row.name());
            rows.put(name, new Row(name, Text.printable(row.key()), Text.printable(row.address()), row.acceptedAt(),
                    row.finishedAt()));
        }
        loaded = true;
        List<Message.Event> held = new ArrayList<>(early);
        early.clear();
        held.forEach(this::apply);
    }

    /** Applies a JOINED or LEFT event (others are ignored). */
    void apply(Message.Event event) {
        if (!loaded) {
            early.add(event);
            return;
        }
        if (event instanceof Message.Joined joined) {
            String name = Text.printable(joined.name());
            rows.put(name, new Row(name, Text.printable(joined.key()), Text.printable(joined.address()), joined.at(), null));
        } else if (event instanceof Message.Left left) {
            Row row = rows.get(Text.printable(left.name()));
            if (row != null) {
                rows.put(row.name(), new Row(row.name(), row.key(), row.address(), row.connectedAt(), left.at()));
            }
        }
    }

    boolean loaded() {
        return loaded;
    }

    String you() {
        return you;
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    int size() {
        return rows.size();
    }

    long connectedCount() {
        return rows.values().stream().filter(Row::connected).count();
    }
}
