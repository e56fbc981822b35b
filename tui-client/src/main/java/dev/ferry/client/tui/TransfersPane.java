package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One gauge per download or upload, two lines each: the name (an upload's after {@code ↑}) and
 * how it stands ("verified", the failure), then a bar with percent, bytes, speed and time left
 * ({@link GaugeLayout}). A folder's upload is one gauge for all its files, its name ending in
 * {@code /}, with how many files have verified beside it. {@code c} cancels the selected one (a download's .part stays, and so does
 * what the server holds of an upload), Enter moves a stopped or failed one again (resuming where
 * it stopped), {@code x} clears the finished ones: verified and failed. Cancelled and cut ones stay
 * until moved again, as they hold a part to resume. A new transfer of a name already listed the
 * same way takes over its gauge.
 */
final class TransfersPane extends ListPane {

    /** What the keys can do with the selected row, for the footer. */
    record Keys(boolean cancel, String again, boolean clear) {
        Keys(boolean cancel, boolean resume, boolean clear) {
            this(cancel, resume ? "resume" : null, clear);
        }
    }

    private final List<Transfer> transfers = new ArrayList<>();
    private final Consumer<Transfer> cancel;
    private final Consumer<Transfer> retry;
    private volatile int active;
    private boolean cleared;
    private long started;
    private boolean online = true;
    private GaugeLayout layout = GaugeLayout.of(List.of(), 0);

    TransfersPane(Palette palette, Consumer<Transfer> cancel, Consumer<Transfer> retry) {
        super("Transfers", palette);
        this.cancel = cancel;
        this.retry = retry;
    }

    /** Shows a new gauge, in place of a finished one for the same name, and selects it. */
    void add(Transfer transfer) {
        started++;
        int index = -1;
        for (int i = 0; i < transfers.size(); i++) {
            Transfer shown = transfers.get(i);
            if (shown.name().equals(transfer.name()) && shown.isUpload() == transfer.isUpload() && !shown.state().active()) {
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

    /** Whether there is a connection; the hints on stopped rows say what Enter can do now. */
    void online(boolean value) {
        online = value;
        changed();
    }

    /** A running download with this name, or null. */
    Transfer running(String name) {
        return transfers.stream().filter(t -> !t.isUpload() && t.name().equals(name) && t.state().active())
                .findFirst().orElse(null);
    }

    /** A running upload with this name, or null. */
    Transfer runningUpload(String name) {
        return transfers.stream().filter(t -> t.isUpload() && t.name().equals(name) && t.state().active())
                .findFirst().orElse(null);
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

    /** What the keys do with the selected row now. */
    Keys keys() {
        Transfer selected = transfers.isEmpty() ? null : transfers.get(selected());
        boolean clear = transfers.stream().anyMatch(TransfersPane::clearable);
        if (selected == null) {
            return new Keys(false, false, clear);
        }
        return new Keys(selected.state().active() && !selected.cancelling(), selected.again(), clear);
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

    /** Something about the downloads changed: recount, redraw, and tell the footer. */
    void changed() {
        active = (int) transfers.stream().filter(t -> t.state().active()).count();
        invalidate();
        keysChanged();
    }

    @Override
    void select(int index) {
        super.select(index);
        keysChanged();
    }

    @Override
    String info() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Transfer transfer : transfers) {
            counts.merge(word(transfer.state()), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((word, count) -> parts.add(count + " " + word));
        return String.join(", ", parts);
    }

    @Override
    String info(int columns) {
        String full = info();
        if (TerminalTextUtils.getColumnWidth(full) <= columns || active == 0) {
            return full;
        }
        return active + " running, " + (transfers.size() - active) + " ended";
    }

    private static String word(Transfer.State state) {
        return switch (state) {
            case WAITING, RUNNING -> "running";
            case VERIFIED -> "verified";
            case CANCELLED -> "cancelled";
            case CUT -> "cut off";
            case FAILED -> "failed";
        };
    }

    private static boolean clearable(Transfer transfer) {
        return transfer.state() == Transfer.State.VERIFIED || transfer.state() == Transfer.State.FAILED;
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
        return cleared ? "none left: the finished ones were cleared; Enter on a file downloads it"
                : "none yet: Enter on a file downloads it, u in Local uploads one";
    }

    @Override
    void activate(int index) {
        Transfer transfer = transfers.get(index);
        if (transfer.state().retryable()) {
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
            Transfer kept = transfers.isEmpty() ? null : transfers.get(selected());
            cleared |= transfers.removeIf(TransfersPane::clearable);
            select(kept != null && transfers.contains(kept) ? transfers.indexOf(kept) : selected());
            changed();
            return Result.HANDLED;
        }
        return Result.UNHANDLED;
    }

    @Override
    void prepare(int width) {
        layout = GaugeLayout.of(transfers, width);
    }

    @Override
    List<StyledLine> row(int index, int width) {
        Transfer transfer = transfers.get(index);
        return List.of(title(transfer, width), layout.gauge(transfer, hint(transfer)));
    }

    /** What Enter would do for a stopped row, where the speed would be. */
    private String hint(Transfer transfer) {
        return switch (transfer.state()) {
            case CANCELLED -> "Enter resumes";
            case CUT -> online ? "Enter resumes" : transfer.isUpload() ? "" : "resumes on reconnect";
            case FAILED -> online ? "Enter tries again" : "";
            default -> "";
        };
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
                state = transfer.cancelling() ? "cancelling…" : transfer.checkingPart()
                        ? (transfer.isUpload() ? "checking what the server holds…" : "checking .part…")
                        : transfer.isUpload() ? "uploading" + (transfer.files().isEmpty() ? "" : " " + transfer.files())
                        : "downloading";
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
        int stateWidth = TerminalTextUtils.getColumnWidth(state);
        int nameRoom = Math.max(Math.min(12, width), width - stateWidth - 2);
        String name = (transfer.isUpload() ? "↑ " : "") + StyledLine.fitMiddle(transfer.label(),
                nameRoom - (transfer.isUpload() ? 2 : 0));
        int left = width - TerminalTextUtils.getColumnWidth(name) - 2;
        return new StyledLine().add(name, Tone.HEADER).add("  ").add(StyledLine.fit(state, left), tone);
    }
}
