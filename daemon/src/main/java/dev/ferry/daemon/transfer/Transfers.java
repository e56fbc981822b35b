package dev.ferry.daemon.transfer;

import dev.ferry.daemon.bandwidth.Pacer;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A session's transfers, in both directions: all that the session, its reader and its watchdog see
 * of them. Downloads ({@link Downloads}: GET, then WINDOW and CANCEL under the GET's id) stream
 * files to the client; uploads ({@link Uploads}: PUT, then PUT_DATA, PUT_END and CANCEL under the
 * PUT's id) are their mirror and bring files in. Both share the transfers allowed in flight. Every
 * transfer holds the id of the request that opened it until it ends, whichever its direction, so a
 * new request cannot take it ({@link #running}); a session that ends stops them all at once
 * ({@link #stopAll}).
 *
 * <p>Built with the narrow parts it needs, never the session itself: the {@link Peer} it serves,
 * the {@link TransferSink} it sends through, the repository and the digests, and for uploads the
 * {@link UploadSite} every session shares and the {@link UploadClient} that uploads.
 *
 * <p>Thread-safe: requests arrive on the session's reader, data-sent and digests on the writer's
 * and the hashing threads, the end of the session on any. Uploads are written by the reader alone,
 * which lets go of them once it has stopped ({@link #close}).
 */
public final class Transfers {
    private final Downloads downloads;
    private final Uploads uploads;
    private final int maxTransfers;

    /**
     * @param pacer the connection's pacer, which its writer paces downloads by and its uploads' grants are bought from
     * @param timer where a paced upload's grant held back is given later
     */
    public Transfers(Peer peer, TransferSink out, Repository repository, DigestCache digests, int maxTransfers,
            UploadSite site, UploadClient uploader, Pacer pacer, ScheduledExecutorService timer) {
        this.downloads = new Downloads(peer, out, repository, digests, maxTransfers);
        this.uploads = new Uploads(site, uploader, out, new UploadGrants(pacer, timer, out));
        this.maxTransfers = maxTransfers;
    }

    /** True if a request of this type belongs to a transfer, and goes to {@link #handle}. */
    public static boolean handles(MessageType type) {
        return type == MessageType.GET || type == MessageType.WINDOW || type == MessageType.CANCEL
                || type == MessageType.PUT || type == MessageType.PUT_END;
    }

    /** True if a frame of this type carries the id of a running transfer rather than a new request's. */
    public static boolean carriesTransferId(MessageType type) {
        return type == MessageType.WINDOW || type == MessageType.CANCEL || type == MessageType.PUT_DATA
                || type == MessageType.PUT_END;
    }

    /** Runs a transfer's request: one that {@link #handles(MessageType)} says is a transfer's. */
    public void handle(int id, Message request) throws RequestFailure, ProtocolException {
        switch (request.type()) {
            case GET -> {
                checkSlots();
                downloads.handle(id, request);
            }
            case PUT -> {
                checkSlots();
                uploads.put(id, (Message.Put) request);
            }
            case PUT_END -> uploads.end(id, (Message.PutEnd) request);
            case CANCEL -> {
                if (!uploads.cancel(id)) {
                    downloads.handle(id, request);
                }
            }
            default -> downloads.handle(id, request);
        }
    }

    /**
     * Takes a PUT_DATA payload of {@code length} bytes off the reader for the upload {@code id}; data
     * for an upload that has ended is left for the reader to skip.
     *
     * @throws ProtocolException for data beyond the window the server granted or the size announced
     */
    public void data(int id, int length, FrameReader reader) throws IOException {
        uploads.data(id, length, reader);
    }

    /** Downloads and uploads share the transfers WELCOME allows in flight; one more ends the connection. */
    private void checkSlots() throws ProtocolException {
        if (downloads.count() + uploads.count() >= maxTransfers) {
            throw new ProtocolException(ErrorCode.TOO_MANY_TRANSFERS, "more than " + maxTransfers + " transfers in flight");
        }
    }

    /** True while a transfer opened by request {@code id} is running: its id is not free for another request. */
    public boolean running(int id) {
        return downloads.running(id) || uploads.running(id);
    }

    /** True if no transfer is running. */
    public boolean isEmpty() {
        return downloads.isEmpty() && uploads.count() == 0;
    }

    /** True while a download has sent all its data and waits for its digest: the server is still at work. */
    public boolean awaitingDigest() {
        return downloads.awaitingDigest();
    }

    /** All data of a download is on the wire; its file is closed. The writer tells this. */
    public void dataSent(Transfer transfer) {
        downloads.dataSent(transfer);
    }

    /**
     * Stops every running transfer. Returns the ERROR frames that tell the client, one per
     * transfer, or none if {@code error} is null; the caller sends them with its goodbye.
     */
    public List<ByteBuffer> stopAll(ErrorCode error) {
        List<ByteBuffer> errors = new java.util.ArrayList<>(downloads.stopAll(error));
        errors.addAll(uploads.stopAll(error));
        return errors;
    }

    /**
     * Lets go of the uploads still running, keeping what they received for a resume, and of their
     * buffer; by the reader, once it reads no more.
     */
    public void close() {
        uploads.close();
    }
}
