package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.Window;
import dev.ferry.client.FerryClient;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.client.transfer.UploadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts and reports uploads, the mirror of {@link DownloadControl}: for the Local pane's
 * {@code u} and Enter, and Enter on a stopped upload in Transfers. A file of the same name already
 * on the server is replaced only if the user says so (and the server allows it). Each outcome is
 * logged. Runs on the GUI thread; the client is called on the request thread ({@link Requests})
 * and what it answers comes back through {@link UiExecutor}.
 */
final class UploadControl {
    private final Supplier<FerryClient> client;
    private final Supplier<Set<String>> onServer;
    private final TransfersPane pane;
    private final MessageLog log;
    private final UiExecutor ui;
    private final Requests requests;
    private final Palette palette;
    private final Consumer<Window> dialogs;
    private final Runnable afterEach;
    /** Names asked for whose upload the request thread has not handed back yet. */
    private final Set<String> starting = new HashSet<>();

    /**
     * @param client    the live connection, or null while offline
     * @param onServer  the names the server lists now
     * @param dialogs   opens a dialog over the screen
     * @param afterEach runs when any upload ends
     */
    UploadControl(Supplier<FerryClient> client, Supplier<Set<String>> onServer, TransfersPane pane, MessageLog log,
            UiExecutor ui, Requests requests, Palette palette, Consumer<Window> dialogs, Runnable afterEach) {
        this.client = client;
        this.onServer = onServer;
        this.pane = pane;
        this.log = log;
        this.ui = ui;
        this.requests = requests;
        this.palette = palette;
        this.dialogs = dialogs;
        this.afterEach = afterEach;
    }

    /**
     * Uploads {@code source} as {@code name}. A file of that name on the server is replaced if
     * {@code overwrite}; otherwise the user is asked first.
     */
    void upload(Path source, String name, boolean overwrite) {
        String label = Text.printable(name);
        if (client.get() == null) {
            log.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect, then upload " + label);
            return;
        }
        if (pane.runningUpload(name) != null || starting.contains(name)) {
            log.add(MessageLog.Kind.REPLY, label + " is already uploading");
            return;
        }
        if (overwrite || !onServer.get().contains(name)) {
            start(source, name, overwrite);
            return;
        }
        dialogs.accept(new ChoiceDialog(palette, "Replace " + label + " on the server?",
                ChoiceDialog.wrap(label + " is already on the server. Send " + DownloadControl.display(source)
                        + " and replace it?"), List.of(
                new ChoiceDialog.Choice('y', "Replace", () -> start(source, name, true)),
                new ChoiceDialog.Choice('n', "Keep it", () -> log.add(MessageLog.Kind.REPLY, "kept " + label + " on the server"))),
                1));
    }

    /** Sends a stopped or failed upload again; the server's partial makes it a resume. */
    void again(Transfer transfer) {
        Upload upload = transfer.upload();
        upload(upload.source(), upload.name(), false);
    }

    /** Sends again every upload a dropped connection cut off; the server's partial makes each a resume. */
    void resumeCutOff() {
        pane.transfers().stream().filter(t -> t.isUpload() && t.state() == Transfer.State.CUT).forEach(this::again);
    }

    private void start(Path source, String name, boolean overwrite) {
        FerryClient connection = client.get();
        if (connection == null || !starting.add(name)) {
            return;
        }
        requests.submit(connection, c -> c.upload(source, name, overwrite, UploadListener.NONE))
                .whenComplete((upload, failure) -> ui.post(() -> started(name, upload, failure)));
    }

    private void started(String name, Upload upload, Throwable failure) {
        starting.remove(name);
        if (failure != null) {
            log.add(MessageLog.Kind.ERROR, "! upload " + Text.printable(name) + ": " + Formats.failure(failure));
            return;
        }
        Transfer transfer = new Transfer(upload);
        pane.add(transfer);
        upload.result().whenComplete((result, failed) -> ui.post(() -> finished(transfer, result, failed)));
    }

    private void finished(Transfer transfer, UploadResult result, Throwable failure) {
        transfer.uploadFinished(result, failure);
        pane.changed();
        if (failure == null) {
            String resumed = result.resumedFrom() > 0 ? ", resumed at " + Formats.size(result.resumedFrom()) : "";
            log.add(MessageLog.Kind.DONE, "uploaded " + transfer.label() + " (" + Formats.size(result.size()) + resumed
                    + ", sha256 " + result.sha256().substring(0, 16) + "…), verified by the server"
                    + (result.replaced() ? ", replacing the old one" : ""));
        } else if (transfer.state() == Transfer.State.CANCELLED) {
            log.add(MessageLog.Kind.NOTICE, transfer.label() + ": " + transfer.detail());
        } else {
            log.add(MessageLog.Kind.ERROR, "! upload " + transfer.label() + ": " + transfer.detail());
        }
        afterEach.run();
    }
}
