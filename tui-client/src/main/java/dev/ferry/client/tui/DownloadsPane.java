package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.input.KeyStroke;
import dev.ferry.client.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One gauge per download, two lines each: the name and how it stands ("verified", the failure),
 * then a bar with percent, bytes, speed and time left. {@code c} cancels the selected download
 * (its .part stays), Enter fetches a stopped one again (resuming from its .part), {@code x} clears
 * the finished ones. A new download of a name already listed takes over its gauge.
 */
final class DownloadsPane extends ListPane {
    private static final int MIN_BAR = 6;
    private static final int MAX_BAR = 40;

    private final List<Transfer> transfers = new ArrayList<>();
    private final Consumer<Transfer> cancel;
    private final Consumer<Transfer> retry;
    private volatile int active;
    private long started;

    DownloadsPane(Palette palette, Consumer<Transfer> cancel, Consumer<Transfer> retry) {
        super("Downloads", palette);
        this.cancel = cancel;
        this.retry = retry;
    }

    /** Shows a new gauge, in place of a finished one for the same name, and selects it. */
    void add(Transfer transfer) {
        started++;
        int index = -1;
        for (int i = 0; i < transfers.size(); i++) {
            if (transfers.get(i).name().equals(transfer.name()) && !transfers.get(i).state().active()) {
                index = i;
            }
        }
        if (index >= 0) {
            transfers.set(index, transfer);
        } else {
            transfers.add(transfer);
            index = transfers.size() - 1;
        }
        select(index);
        changed();
    }

    /** A running download with this name, or null. */
    Transfer running(String name) {
        return transfers.stream().filter(t -> t.name().equals(name) && t.state().active()).findFirst().orElse(null);
    }

    /** Downloads still running; safe to read from any thread (the progress ticker does). */
    int activeCount() {
        return active;
    }

    List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** How many downloads have been shown so far. */
    long started() {
        return started;
    }

    /** Bytes the running downloads hold between them; it grows as long as any of them moves. */
    long runningBytes() {
        return transfers.stream().filter(t -> t.state().active()).mapToLong(Transfer::received).sum();
    }

    /** Samples every running download; redraws if any moved. */
    void tick(long nowNanos) {
        boolean moved = false;
        for (Transfer transfer : transfers) {
            moved |= transfer.sample(nowNanos);
        }
        if (moved) {
            invalidate();
        }
    }

    /** Something about the downloads changed: recount and redraw. */
    void changed() {
        active = (int) transfers.stream().filter(t -> t.state().active()).count();
        invalidate();
    }

    @Override
    String info() {
        if (transfers.isEmpty()) {
            return "";
        }
        return active > 0 ? active + " running" : transfers.size() + " done";
    }

    @Override
    int rowCount() {
        return transfers.size();
    }

    @Override
    int linesPerRow() {
        return 2;
    }

    @Override
    String emptyText() {
        return "none yet: Enter on a file downloads it";
    }

    @Override
    void activate(int index) {
        Transfer transfer = transfers.get(index);
        if (!transfer.state().active() && transfer.state() != Transfer.State.VERIFIED) {
            retry.accept(transfer);
        }
    }

    @Override
    Result onOtherKey(KeyStroke key) {
        if (isPlain(key, 'c') && !transfers.isEmpty()) {
            Transfer transfer = transfers.get(selected());
            if (transfer.state().active() && !transfer.cancelling()) {
                cancel.accept(transfer);
            }
            return Result.HANDLED;
        }
        if (isPlain(key, 'x')) {
            transfers.removeIf(t -> !t.state().active());
            select(selected());
            changed();
            return Result.HANDLED;
        }
        return Result.UNHANDLED;
    }

    @Override
    List<StyledLine> row(int index, int width) {
        Transfer transfer = transfers.get(index);
        return List.of(title(transfer, width), gauge(transfer, width));
    }

    private static StyledLine title(Transfer transfer, int width) {
        String state;
        Tone tone;
        switch (transfer.state()) {
            case WAITING -> {
                state = transfer.cancelling() ? "cancelling…" : "waiting";
                tone = Tone.DIM;
            }
            case RUNNING -> {
                state = transfer.cancelling() ? "cancelling…" : "downloading";
                tone = transfer.cancelling() ? Tone.WARN : Tone.NORMAL;
            }
            case VERIFIED -> {
                state = "verified" + (transfer.outcome().isEmpty() ? "" : " (" + transfer.outcome() + ")");
                tone = Tone.GOOD;
            }
            case CANCELLED, CUT -> {
                state = transfer.outcome();
                tone = Tone.WARN;
            }
            default -> {
                state = "failed: " + transfer.outcome();
                tone = Tone.BAD;
            }
        }
        int nameRoom = Math.max(8, width - TerminalTextUtils.getColumnWidth(state) - 2);
        String name = StyledLine.fit(transfer.label(), nameRoom);
        return new StyledLine().add(name, Tone.HEADER).add("  ").add(state, tone);
    }

    /**
     * The bar, then percent, bytes, speed and time left. Where the width is short, the speed goes
     * first, then the time left, then the total size; the bar keeps at least {@value #MIN_BAR}
     * columns.
     */
    private static StyledLine gauge(Transfer transfer, int width) {
        long size = transfer.size();
        String[] parts;
        if (size < 0) {
            parts = new String[] {transfer.state().active() ? " waiting for the server" : ""};
        } else {
            parts = new String[] {
                String.format(Locale.ROOT, " %3d%%", (int) Math.floor(transfer.fraction() * 100)),
                "  " + Formats.size(transfer.received()),
                " / " + Formats.size(size),
                "  " + Formats.rate(transfer.rate()),
                transfer.state() == Transfer.State.RUNNING ? "  ETA " + Formats.eta(transfer.etaSeconds()) : ""};
        }
        int[] dropOrder = {3, 4, 2};
        for (int i = 0; i < dropOrder.length && parts.length > 1 && MIN_BAR + 2 + length(parts) > width; i++) {
            parts[dropOrder[i]] = "";
        }
        String stats = String.join("", parts);
        int bar = Math.max(MIN_BAR, Math.min(MAX_BAR, width - stats.length() - 2));
        int filled = (int) Math.round(transfer.fraction() * bar);
        Tone fill = transfer.state() == Transfer.State.VERIFIED ? Tone.GOOD
                : transfer.state().active() ? Tone.INFO : Tone.WARN;
        return new StyledLine()
                .add("[", Tone.DIM)
                .add("#".repeat(filled), fill)
                .add("-".repeat(bar - filled), Tone.DIM)
                .add("]", Tone.DIM)
                .add(stats);
    }

    private static int length(String[] parts) {
        return String.join("", parts).length();
    }
}
