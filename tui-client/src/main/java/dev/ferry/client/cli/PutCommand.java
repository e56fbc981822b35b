package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FileErrors;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.client.transfer.UploadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry put PATH...}: uploads files and folders side by side on one connection. The server
 * checks each file's SHA-256 before it renames it into place, never replaces a file unless asked
 * (and allowed), and keeps what it received of an upload that stops, so the next put of the name
 * sends only the rest. Prints one line per verified file named alone and one summary line per
 * folder; failures go to stderr, one line each, and set the exit status.
 */
@Command(name = "put", description = {"Upload files or folders, verified by SHA-256 on the server.",
        "An interrupted upload resumes: the next put of the same name sends only the rest."})
final class PutCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to upload; a folder goes with everything under it.")
    List<Path> paths;

    @Option(names = "--as", paramLabel = "NAME", description = "The name on the server, for one PATH (default: its own name).")
    String as;

    @Option(names = "--to", paramLabel = "FOLDER", description = "Folder on the server to upload into (default: the top).")
    String to;

    @Option(names = "--overwrite", description = "Replace files that already exist on the server (if the server lets you).")
    boolean overwrite;

    /** Set by the Ctrl-C report before it stops the uploads: their failures are its to tell. */
    private volatile boolean interrupting;

    @Override
    void checkUsage() {
        if (as != null && paths.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--as names one upload; give it one PATH, not " + paths.size());
        }
        if (as != null && (as.isEmpty() || as.contains("/"))) {
            throw new ParameterException(spec.commandLine(), "--as takes a name without '/'; put the folder in --to");
        }
    }

    @Override
    int run(FerryClient client) {
        String prefix = to == null || to.isEmpty() || to.equals("/") ? "" : to.replaceAll("^/+|/+$", "") + "/";
        TerminalProgress bars = root.stderrIsTerminal()
                ? new TerminalProgress(err(), root.terminalSize(), System::nanoTime, "sent") : null;
        UploadListener listener = bars != null ? bars : UploadListener.NONE;
        BatchReport<Upload> report = new BatchReport<>("put", upload -> verified(upload.result().join()));
        List<BatchReport.Group<Upload>> groups = new ArrayList<>();
        List<Upload> uploads = new ArrayList<>();
        for (Path path : paths) {
            LocalTree.Found found;
            try {
                found = LocalTree.of(path, prefix, as);
            } catch (IOException e) {
                report.failed(path.toString(), FileErrors.reason(e, path), ExitCodes.FAILED);
                continue;
            }
            List<Upload> started = new ArrayList<>();
            for (LocalTree.Entry entry : found.entries()) {
                Upload upload = client.upload(entry.source(), entry.name(), overwrite, listener);
                started.add(upload);
                if (bars != null) {
                    bars.add(upload);
                }
            }
            uploads.addAll(started);
            String argument = found.folder() ? path + "/" : path.toString();
            groups.add(new BatchReport.Group<>(argument, found.folder(), started, found.note()));
        }
        Thread interrupted = new Thread(() -> reportInterrupted(client, uploads, bars), "ferry-put-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            for (BatchReport.Group<Upload> group : groups) {
                if (!report.await(group, () -> interrupting)) {
                    return ExitCodes.FAILED; // the process is ending; the interrupted report says what was kept
                }
            }
            if (bars != null) {
                bars.finish();
            }
            return report.print(out(), err());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    /** Stops the uploads still running and says that the server keeps what it received. */
    private void reportInterrupted(FerryClient client, List<Upload> uploads, TerminalProgress bars) {
        if (bars != null) {
            bars.finish();
        }
        List<Upload> running = uploads.stream().filter(u -> !u.result().isDone()).toList();
        interrupting = true;
        client.close();
        for (Upload upload : running) {
            String kept = upload.done() > upload.resumedFrom() || upload.resumedFrom() > 0
                    ? "; the server keeps what it received (" + Formats.size(upload.done()) + "), put it again to resume" : "";
            err().println("ferry: put " + Text.printable(upload.name()) + ": interrupted" + kept);
        }
        err().flush();
    }

    static String verified(UploadResult result) {
        String resumed = result.resumedFrom() > 0 ? "  (resumed at " + Formats.size(result.resumedFrom()) + ")" : "";
        String replaced = result.replaced() ? "  (replaced)" : "";
        return "verified  " + Text.printable(result.name()) + "  " + Formats.size(result.size()) + "  sha256 "
                + result.sha256() + resumed + replaced;
    }
}
