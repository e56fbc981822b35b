package dev.ferry.client.tui;

import dev.ferry.protocol.Text;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * What happened, in order, each with its time: your messages and their ACKs, other clients'
 * messages, joins and leaves, notices, replies to commands and errors. Keeps the newest
 * {@value #LIMIT}. Lives on the GUI thread.
 */
final class MessageLog {
    static final int LIMIT = 1000;

    /** What an entry is, which decides how it looks. */
    enum Kind {
        SENT(Tone.SELF), ACK(Tone.GOOD), CHAT(Tone.CHAT), PRESENCE(Tone.INFO), NOTICE(Tone.WARN),
        ERROR(Tone.BAD), REPLY(Tone.NORMAL), DONE(Tone.GOOD);

        final Tone tone;

        Kind(Tone tone) {
            this.tone = tone;
        }
    }

    /** One entry; {@code text} may hold several lines. */
    record Entry(Instant at, Kind kind, String text) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private Consumer<Entry> listener = entry -> {};

    /** Called after each entry is added. */
    void onAdd(Consumer<Entry> added) {
        this.listener = added;
    }

    /** Adds an entry; control characters in it are made visible (U+FFFD), line breaks are kept. */
    void add(Kind kind, String text) {
        Entry entry = new Entry(Instant.now(), kind, Text.printableLines(text));
        entries.addLast(entry);
        while (entries.size() > LIMIT) {
            entries.removeFirst();
        }
        listener.accept(entry);
    }

    /** Entries newest first, for drawing from the bottom up. */
    Iterable<Entry> newestFirst() {
        return entries::descendingIterator;
    }

    int size() {
        return entries.size();
    }
}
