package dev.ferry.client.transfer;

import dev.ferry.client.connection.Call;
import dev.ferry.client.connection.Requests;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.failure.FileErrors;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Cancel;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a download and an upload do alike, from the slot they wait for to the failure they end
 * with: one request id per attempt, a cancel that works queued or running, the server's ERROR, a
 * dropped connection, and the transfer slot given back exactly once. {@link DownloadCall} and
 * {@link UploadCall} say only what their direction does: how it starts, which frames it takes,
 * what it keeps when it stops.
 *
 * <p>Threads: {@link #begin} runs on the caller's thread or whichever freed a slot; frames and
 * {@link #fail} on the connection's reader; {@link FileTransfer#cancel} on the caller's.
 *
 * @param <T> the transfer as its owner sees it
 */
abstract class TransferCall<T extends FileTransfer<?>> implements Call, TransferSlots.Slotted {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TransferCall.class);

    final Requests requests;
    final T transfer;
    final long startedNanos = System.nanoTime();
    private final TransferSlots slots;
    private final AtomicBoolean holdsSlot = new AtomicBoolean();
    /** The current attempt's request id; 0 until the first is sent. */
    volatile int id;
    volatile boolean cancelRequested;

    TransferCall(Requests requests, TransferSlots slots, T transfer) {
        this.requests = requests;
        this.slots = slots;
        this.transfer = transfer;
        transfer.canceller(this::cancel);
    }

    @Override
    public final CompletableFuture<?> outcome() {
        return transfer.result();
    }

    /** Starts the transfer; called once a transfer slot is taken for it. */
    @Override
    public final void begin() {
        holdsSlot.set(true);
        if (cancelRequested) {
            end(cancelled());
            return;
        }
        try {
            start();
        } catch (FerryException e) {
            end(e);
        } catch (IOException e) {
            Path file = localFile();
            end(new FerryException(Kind.LOCAL, null, "cannot read " + file + ": " + FileErrors.reason(e, file), e));
        } catch (RuntimeException e) {
            // begin may run on the reader or a hashing thread, where a throw would end nothing:
            // the transfer ends here, so whoever waits for it is told
            log.error("{} failed to start", transfer, e);
            end(new FerryException(Kind.LOCAL, null, "could not start: " + e.getMessage(), e));
        }
    }

    /** Checks the local file and sends the first request, or ends the transfer itself. */
    abstract void start() throws IOException;

    /** The file on this machine that a failure to read names. */
    abstract Path localFile();

    /** Sends {@code request} as a new attempt, under a fresh id. */
    final void send(Message request) throws FerryException {
        id = requests.nextId();
        requests.request(id, request, this);
        if (cancelRequested) {
            // cancel() ran while the id was being assigned and could not name it
            requests.sendQuietly(id, new Cancel());
        }
    }

    private void cancel() {
        cancelRequested = true;
        int current = id;
        if (current == 0) {
            if (slots.unqueue(this)) {
                end(cancelled());
            }
        } else if (stillCancellable()) {
            requests.sendQuietly(current, new Cancel());
        }
    }

    /** False once a CANCEL would come too late to stop anything. */
    boolean stillCancellable() {
        return true;
    }

    @Override
    public final boolean onFrame(Message message, FrameReader reader) throws IOException {
        if (message instanceof ErrorReply error) {
            stop();
            if (endedHere()) {
                // ended on this side; the server's side has ended only now, so only now is its slot free
                releaseSlot();
            } else if (!retried(error.code())) {
                end(error.code() == ErrorCode.CANCELLED ? cancelled() : failure(error));
            }
            return true;
        }
        return onReply(message, reader);
    }

    /**
     * Takes one frame of this direction's replies; ERROR is handled above.
     *
     * @return true if it was the request's last frame
     */
    abstract boolean onReply(Message message, FrameReader reader) throws IOException;

    /** The frame is not one this direction expects. */
    final ProtocolException unexpected(Message message) {
        String during = transfer instanceof Download ? "a download" : "an upload";
        return new ProtocolException("unexpected " + message.type() + " during " + during);
    }

    /** Stops moving data on this side, keeping what has moved. Reader thread. */
    abstract void stop();

    /** True if this side has ended the transfer already and waits only for the server to confirm. */
    abstract boolean endedHere();

    /** True if the server's {@code code} starts another attempt instead of ending the transfer. */
    abstract boolean retried(ErrorCode code);

    /** How the server's ERROR (not a cancel) ends the transfer. */
    abstract FerryException failure(ErrorReply error);

    /**
     * What is kept of a transfer that stopped with {@code code} (null: the connection dropped), said as
     * a clause to follow the reason, or empty.
     */
    abstract String keptNote(ErrorCode code);

    @Override
    public final void fail(FerryException failure) {
        stop();
        String note = failure.kind() == Kind.LOST ? keptNote(null) : "";
        end(new FerryException(failure.kind(), failure.code(), failure.getMessage(), note, failure));
    }

    /** Codes a server stops running transfers with when it ends the whole session (PROTOCOL.md, NOTICE). */
    static boolean endsSession(ErrorCode code) {
        return code == ErrorCode.SHUTTING_DOWN || code == ErrorCode.IDLE_TIMEOUT;
    }

    final FerryException cancelled() {
        return new FerryException(Kind.CANCELLED, ErrorCode.CANCELLED, "cancelled", keptNote(ErrorCode.CANCELLED), null);
    }

    final void end(FerryException failure) {
        releaseSlot();
        transfer.result().completeExceptionally(failure);
    }

    /** Gives the transfer slot back, once; the server's side of the transfer has ended. */
    final void releaseSlot() {
        released();
        if (holdsSlot.compareAndSet(true, false)) {
            slots.ended();
        }
    }

    /** Lets go of what this side held open for the transfer. */
    void released() {}
}
