package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A session's transfers, in both directions: all that the session, its reader and its watchdog see
 * of them. Downloads ({@link Downloads}: GET, then WINDOW and CANCEL under the GET's id) stream
 * files to the client; uploads are their mirror and take their place beside them here. Every
 * transfer holds the id of the request that opened it until it ends, whichever its direction, so a
 * new request cannot take it ({@link #running}); a session that ends stops them all at once
 * ({@link #stopAll}).
 *
 * <p>Built with the narrow parts it needs, never the session itself: the {@link Peer} it serves,
 * the {@link TransferSink} it sends through, the repository and the digests.
 *
 * <p>Thread-safe: requests arrive on the session's reader, data-sent and digests on the writer's
 * and the hashing threads, the end of the session on any.
 */
public final class Transfers {
    private final Downloads downloads;

    public Transfers(Peer peer, TransferSink out, Repository repository, DigestCache digests, int maxTransfers) {
        this.downloads = new Downloads(peer, out, repository, digests, maxTransfers);
    }

    /** True if a request of this type belongs to a transfer, and goes to {@link #handle}. */
    public static boolean handles(MessageType type) {
        return type == MessageType.GET || type == MessageType.WINDOW || type == MessageType.CANCEL;
    }

    /** Runs a transfer's request: one that {@link #handles(MessageType)} says is a transfer's. */
    public void handle(int id, Message request) throws RequestFailure, ProtocolException {
        downloads.handle(id, request);
    }

    /** True while a transfer opened by request {@code id} is running: its id is not free for another request. */
    public boolean running(int id) {
        return downloads.running(id);
    }

    /** True if no transfer is running. */
    public boolean isEmpty() {
        return downloads.isEmpty();
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
        return downloads.stopAll(error);
    }
}
