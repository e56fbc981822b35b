package dev.ferry.daemon.history;

import dev.ferry.protocol.Message.ConnectionRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who connected when and from where, for the daemon's whole life: one row per admitted client,
 * in order of admission, with the time it finished or none while it is connected. Finished rows
 * beyond {@code maxFinished} are dropped oldest first, so the table stays bounded however long the
 * daemon runs. Thread-safe.
 */
public final class ConnectionTable {
    private final Clock clock;
    private final int maxFinished;
    private final Map<String, ConnectionRow> rows = new LinkedHashMap<>();
    private int finished;

    public ConnectionTable(Clock clock, int maxFinished) {
        this.clock = clock;
        this.maxFinished = maxFinished;
    }

    /** Records a client that was just admitted, and returns its row. */
    public synchronized ConnectionRow connected(String name, String address) {
        return connected(name, "", address);
    }

    /** Records a client that was just admitted with the access key labelled {@code key} ("" for none), and returns its row. */
    public synchronized ConnectionRow connected(String name, String key, String address) {
        ConnectionRow row = new ConnectionRow(name, key, address, clock.instant(), null);
        if (rows.putIfAbsent(name, row) != null) {
            throw new IllegalStateException(name + " is already in the table");
        }
        return row;
    }

    /** Records that a client left, and returns its finished row. */
    public synchronized ConnectionRow finished(String name) {
        ConnectionRow row = rows.get(name);
        if (row == null || !row.connected()) {
            throw new IllegalStateException(name + " is not connected");
        }
        Instant now = clock.instant();
        ConnectionRow done = new ConnectionRow(name, row.key(), row.address(), row.acceptedAt(), now);
        rows.put(name, done);
        finished++;
        dropOldFinished();
        return done;
    }

    /** Every row, in order of admission. */
    public synchronized List<ConnectionRow> rows() {
        return new ArrayList<>(rows.values());
    }

    /** Names of the clients connected now, in order of admission. */
    public synchronized List<String> connectedNames() {
        List<String> names = new ArrayList<>();
        for (ConnectionRow row : rows.values()) {
            if (row.connected()) {
                names.add(row.name());
            }
        }
        return names;
    }

    private void dropOldFinished() {
        Iterator<ConnectionRow> oldest = rows.values().iterator();
        while (finished > maxFinished && oldest.hasNext()) {
            if (!oldest.next().connected()) {
                oldest.remove();
                finished--;
            }
        }
    }
}
