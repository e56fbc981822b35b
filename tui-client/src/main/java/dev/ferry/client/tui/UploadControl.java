package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.Window;
import dev.ferry.client.FerryClient;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.client.transfer.UploadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts and reports uploads, the mirror of {@link DownloadControl}: for the Local pane's
 * {@code u} and Enter, {@code put} on the command line, and Enter on a stopped upload in
 * Transfers. Both ways in go through {@link #put}: the path is walked off the GUI thread
 * ({@link LocalFolder}), a file becomes one upload and a folder one gauge for all its files
 * ({@link FolderUpload}). A file of the same name already on the server is replaced only if the
 * user says so (and the server allows it). Each outcome is logged. Runs on the GUI thread; the
 * client is called on the request thread ({@link Requests}) and what it answers comes back
 * through {@link UiExecutor}.
 */
final class UploadControl extends TransferControl<Upload, UploadResult> {
    private final Supplier<Set<String>> onServer;
    private final LocalFolder local;
    private final Palette palette;
    private final Consumer<Window> dialogs;

    /**
     * @param client    the live connection, or null while offline
     * @param onServer  the names the server lists now
     * @param local     walks the folders to upload, off the GUI thread
     * @param dialogs   opens a dialog over the screen
     * @param afterEach runs when any upload ends
     */
    UploadControl(Supplier<FerryClient> client, Supplier<Set<String>> onServer, LocalFolder local, TransfersPane pane,
            MessageLog log, UiExecutor ui, Requests requests, Palette palette, Consumer<Window> dialogs, Runnable afterEach) {
        super("upload", client, pane, log, ui, requests, afterEach);
        this.onServer = onServer;
        this.local = local;
        this.palette = palette;
        this.dialogs = dialogs;
    }

    /**
     * Uploads what {@code path} stands for, named on the server below {@code prefix} as {@code as}
     * (else the path's own name): a file, or a folder's whole tree as one gauge. The walk runs off
     * the GUI thread, so a big folder never holds up the screen.
     */
    void put(Path path, String prefix, String as, boolean overwrite) {
        String label = Text.printable(path.toString());
        if (client.get() == null) {
            log.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect, then upload " + label);
            return;
        }
        local.tree(path, prefix, as, found -> {
            if (!found.folder()) {
                LocalTree.Entry file = found.entries().get(0);
                upload(file.source(), file.name(), overwrite);
            } else if (found.entries().isEmpty()) {
                log.add(MessageLog.Kind.REPLY, "put " + label + ": no files to send" + found.note());
            } else {
                folder(path, found, overwrite);
            }
        }, why -> log.add(MessageLog.Kind.ERROR, "! upload " + label + ": " + why));
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
        if (pane.runningUpload(name) != null || starting(name)) {
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

    /** A folder's files as one upload; files the server has already are replaced only if the user says so. */
    private void folder(Path path, LocalTree.Found found, boolean overwrite) {
        String top = found.name();
        String label = Text.printable(top) + "/";
        if (pane.runningUpload(top) != null) {
            log.add(MessageLog.Kind.REPLY, label + " is already uploading");
            return;
        }
        Set<String> there = onServer.get();
        List<LocalTree.Entry> existing = found.entries().stream().filter(e -> there.contains(e.name())).toList();
        if (overwrite || existing.isEmpty()) {
            send(new FolderUpload(top, path, found.entries(), overwrite), found.note());
            return;
        }
        List<LocalTree.Entry> fresh = found.entries().stream().filter(e -> !there.contains(e.name())).toList();
        dialogs.accept(new ChoiceDialog(palette, "Replace " + files(existing.size()) + " on the server?",
                ChoiceDialog.wrap(files(existing.size()) + " of " + label + " " + (existing.size() == 1 ? "is" : "are")
                        + " on the server already. Send " + (existing.size() == 1 ? "it" : "them") + " and replace "
                        + (existing.size() == 1 ? "it" : "them") + "?"), List.of(
                new ChoiceDialog.Choice('y', "Replace",
                        () -> send(new FolderUpload(top, path, found.entries(), true), found.note())),
                new ChoiceDialog.Choice('n', "Keep them", () -> {
                    log.add(MessageLog.Kind.REPLY, "kept " + files(existing.size()) + " of " + label + " on the server");
                    if (!fresh.isEmpty()) {
                        send(new FolderUpload(top, path, fresh, false), found.note());
                    }
                })),
                1));
    }

    /** Shows the folder's gauge and has the client take every file it sends; {@code note} ends the line that says so. */
    private void send(FolderUpload folder, String note) {
        FerryClient connection = client.get();
        if (connection == null) {
            log.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect, then upload " + Text.printable(folder.name()));
            return;
        }
        List<LocalTree.Entry> sending = folder.toSend();
        log.add(MessageLog.Kind.REPLY, "uploading " + Text.printable(folder.name()) + "/: " + files(sending.size()) + ", "
                + Formats.size(sending.stream().mapToLong(LocalTree.Entry::size).sum()) + note);
        Transfer transfer = Transfer.of(folder);
        pane.add(transfer);
        boolean overwrite = folder.overwrite();
        requests.submit(connection, c -> sending.stream().map(e -> c.upload(e.source(), e.name(), overwrite, UploadListener.NONE))
                .toList()).whenComplete((uploads, failure) -> ui.post(() -> folderStarted(transfer, folder, uploads, failure)));
    }

    private void folderStarted(Transfer transfer, FolderUpload folder, List<Upload> uploads, Throwable failure) {
        if (failure != null) {
            folder.failedToStart(failure);
            folderEnded(transfer, folder);
            return;
        }
        folder.started(uploads);
        for (Upload upload : uploads) {
            upload.result().whenComplete((result, failed) -> ui.post(() -> {
                if (folder.fileEnded(upload, result, failed)) {
                    folderEnded(transfer, folder);
                }
            }));
        }
    }

    private void folderEnded(Transfer transfer, FolderUpload folder) {
        FolderUpload.Ending ending = folder.ending();
        transfer.ended(ending);
        pane.changed();
        if (ending.state() == Transfer.State.VERIFIED) {
            log.add(MessageLog.Kind.DONE, "uploaded " + transfer.label() + " (" + files(folder.files()) + ", "
                    + Formats.size(folder.size()) + "), every file verified by the server");
        } else {
            folder.failures().forEach(line -> log.add(MessageLog.Kind.ERROR, line));
            reportFailure(transfer);
        }
        ended();
    }

    private static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }

    /** Sends a stopped or failed upload again; the server's partial makes it a resume. A folder sends what did not verify. */
    void again(Transfer transfer) {
        FolderUpload folder = transfer.folder();
        if (folder != null) {
            send(folder.again(), "");
            return;
        }
        Upload upload = transfer.upload();
        upload(upload.source(), upload.name(), false);
    }

    /** Sends again every upload a dropped connection cut off; the server's partial makes each a resume. */
    void resumeCutOff() {
        pane.transfers().stream().filter(t -> t.isUpload() && t.state() == Transfer.State.CUT).forEach(this::again);
    }

    private void start(Path source, String name, boolean overwrite) {
        start(name, c -> c.upload(source, name, overwrite, UploadListener.NONE));
    }

    @Override
    String verifiedLine(Transfer transfer, UploadResult result) {
        String resumed = result.resumedFrom() > 0 ? ", resumed at " + Formats.size(result.resumedFrom()) : "";
        return "uploaded " + transfer.label() + " (" + Formats.size(result.size()) + resumed + ", sha256 "
                + result.sha256().substring(0, 16) + "…), verified by the server"
                + (result.replaced() ? ", replacing the old one" : "");
    }
}
