package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import dev.ferry.client.transfer.FileTransfer;
import dev.ferry.client.transfer.TransferResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the UI starts a transfer and reports its end, the same for both directions: the client is
 * asked on the request thread ({@link Requests}), the transfer it hands back gets a gauge in
 * Transfers, and when it ends the gauge says how and the message log has one line for it.
 * {@link DownloadControl} and {@link UploadControl} say only what is theirs: how a transfer is
 * asked for, and the line for one that verified. Runs on the GUI thread.
 *
 * @param <T> the transfer the client hands back
 * @param <R> what it completes with once verified
 */
abstract class TransferControl<T extends FileTransfer<R>, R extends TransferResult> {
    final Supplier<FerryClient> client;
    final TransfersPane pane;
    final MessageLog log;
    final UiExecutor ui;
    final Requests requests;
    private final String verb;
    private final Runnable afterEach;
    /** Names asked for whose transfer the request thread has not handed back yet. */
    private final Set<String> starting = new HashSet<>();

    /**
     * @param verb      the command a failure is reported under: {@code get}, {@code upload}
     * @param afterEach runs when any transfer of this direction ends
     */
    TransferControl(String verb, Supplier<FerryClient> client, TransfersPane pane, MessageLog log, UiExecutor ui,
            Requests requests, Runnable afterEach) {
        this.verb = verb;
        this.client = client;
        this.pane = pane;
        this.log = log;
        this.ui = ui;
        this.requests = requests;
        this.afterEach = afterEach;
    }

    /** True while {@code name} has been asked for and the client has not handed it back yet. */
    final boolean starting(String name) {
        return starting.contains(name);
    }

    /** Asks the client for the transfer of {@code name}; its gauge shows once the client hands it back. */
    final void start(String name, Function<FerryClient, T> ask) {
        FerryClient connection = client.get();
        if (connection == null || !starting.add(name)) {
            return;
        }
        requests.submit(connection, ask).whenComplete((moving, failure) -> ui.post(() -> started(name, moving, failure)));
    }

    private void started(String name, T moving, Throwable failure) {
        starting.remove(name);
        if (failure != null) {
            log.add(MessageLog.Kind.ERROR, "! " + verb + " " + Text.printable(name) + ": " + Formats.failure(failure));
            return;
        }
        Transfer transfer = Transfer.of(moving);
        pane.add(transfer);
        moving.result().whenComplete((result, failed) -> ui.post(() -> finished(transfer, result, failed)));
    }

    private void finished(Transfer transfer, R result, Throwable failure) {
        transfer.finished(result, failure);
        pane.changed();
        if (failure == null) {
            log.add(MessageLog.Kind.DONE, verifiedLine(transfer, result));
        } else {
            reportFailure(transfer);
        }
        afterEach.run();
    }

    /** Logs how a transfer that did not verify ended: a cancel as a notice, anything else as an error. */
    final void reportFailure(Transfer transfer) {
        if (transfer.state() == Transfer.State.CANCELLED) {
            log.add(MessageLog.Kind.NOTICE, transfer.label() + ": " + transfer.detail());
        } else {
            log.add(MessageLog.Kind.ERROR, "! " + verb + " " + transfer.label() + ": " + transfer.detail());
        }
    }

    /** Runs what follows the end of any transfer of this direction. */
    final void ended() {
        afterEach.run();
    }

    /** The message log's line for a transfer that verified. */
    abstract String verifiedLine(Transfer transfer, R result);

    /** Asks the server to stop a transfer; what has moved is kept for a resume. */
    final void cancel(Transfer transfer) {
        transfer.markCancelling();
        requests.run(transfer::cancel);
        pane.changed();
    }
}
