package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.FileStamp;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.repository.ServedFile;
import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.FileEnd;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's downloads: GET opens a transfer, the writer streams it, and the digest closes it with
 * FILE_END, unless the file changed on the way (ERROR FILE_CHANGED), the client cancelled
 * (ERROR CANCELLED) or the session ended. Each transfer ends exactly once.
 *
 * <p>What it needs of the rest of the daemon it is handed, each as narrow as it can be: the
 * repository to resolve and open names, the digests, the {@link TransferSink} it sends through and
 * the {@link Peer} it serves.
 */
final class Downloads {
    private static final Logger log = LoggerFactory.getLogger(Downloads.class);

    private final Peer peer;
    private final TransferSink out;
    private final Repository repository;
    private final DigestCache digests;
    private final int maxTransfers;
    private final Map<Integer, Transfer> running = new ConcurrentHashMap<>();

    Downloads(Peer peer, TransferSink out, Repository repository, DigestCache digests, int maxTransfers) {
        this.peer = peer;
        this.out = out;
        this.repository = repository;
        this.digests = digests;
        this.maxTransfers = maxTransfers;
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    /** Downloads running now. */
    int count() {
        return running.size();
    }

    /** True while a transfer has sent all its data and waits for its digest: the server is still at work. */
    boolean awaitingDigest() {
        for (Transfer transfer : running.values()) {
            if (transfer.dataSent() && !transfer.ended()) {
                return true;
            }
        }
        return false;
    }

    /** True while a transfer with this id is running: its id is not free for another request. */
    boolean running(int id) {
        return running.containsKey(id);
    }

    void handle(int id, Message request) throws RequestFailure, ProtocolException {
        if (request instanceof Get get) {
            start(id, get);
        } else if (request instanceof Message.Window window) {
            widen(id, window.increment());
        } else {
            cancel(id);
        }
    }

    private void widen(int id, int increment) {
        Transfer transfer = running.get(id);
        if (transfer == null) {
            return; // ended while the WINDOW was on its way, or never was: nothing to widen
        }
        out.grant(transfer, increment);
    }

    private void start(int id, Get get) throws RequestFailure, ProtocolException {
        if (running.size() >= maxTransfers) {
            throw new ProtocolException(ErrorCode.TOO_MANY_TRANSFERS, "more than " + maxTransfers + " transfers in flight");
        }
        ServedFile file = repository.resolve(get.name());
        FileChannel channel = repository.open(file);
        long size = file.stamp().size();
        if (get.offset() > size) {
            closeQuietly(channel);
            throw new RequestFailure(ErrorCode.BAD_OFFSET, "offset " + get.offset() + " is past the end of "
                    + get.name() + " (" + size + " bytes)");
        }
        CompletableFuture<byte[]> digest = digests.digestOf(file);
        Transfer transfer = new Transfer(id, file, channel, get.offset(), get.window(), digest);
        running.put(id, transfer);
        out.send(id, new FileHeader(size, get.offset(), file.stamp().modified().toInstant()));
        log.debug("{} get {} from {} of {}", peer.who(), get.name(), get.offset(), size);
        if (transfer.dataSent()) {
            transfer.close();
            dataSent(transfer);
        } else if (!out.start(transfer)) {
            running.remove(id);
            transfer.close();
        }
    }

    private void cancel(int id) {
        Transfer transfer = running.get(id);
        if (transfer == null || !transfer.end()) {
            return; // already ended: nothing to cancel
        }
        running.remove(id);
        peer.touch();
        out.remove(transfer);
        out.send(id, new ErrorReply(ErrorCode.CANCELLED, "get " + transfer.file().name() + " cancelled"));
        if (peer.admitLog("cancelled")) {
            log.info("{} cancelled {} after {} of {} bytes", peer.who(), LogText.clip(transfer.file().name()),
                    transfer.position() - transfer.offset(), transfer.size() - transfer.offset());
        }
    }

    /** All data is on the wire: check the file did not change, then close with its digest. */
    void dataSent(Transfer transfer) {
        if (transfer.shrank() || !unchanged(transfer.file())) {
            complete(transfer, new ErrorReply(ErrorCode.FILE_CHANGED, transfer.file().name()
                    + " changed on the server while it was being sent; get it again"));
            return;
        }
        transfer.digest().whenComplete((sha256, failure) -> {
            if (failure == null) {
                complete(transfer, new FileEnd(sha256));
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof FileChangedException) {
                complete(transfer, new ErrorReply(ErrorCode.FILE_CHANGED, transfer.file().name()
                        + " changed on the server while it was being sent; get it again"));
            } else {
                if (peer.admitLog("failed")) {
                    log.warn("{} cannot hash {}: {}", peer.who(), LogText.clip(transfer.file().name()),
                            LogText.clip(cause.toString()));
                }
                complete(transfer, new ErrorReply(ErrorCode.READ_FAILED, transfer.file().name()
                        + " could not be read on the server"));
            }
        });
    }

    /**
     * Stops every running transfer. Returns the ERROR frames that tell the client, one per
     * transfer, or none if {@code error} is null; the caller sends them with its goodbye.
     */
    List<ByteBuffer> stopAll(ErrorCode error) {
        List<Transfer> all = new ArrayList<>(running.values());
        running.clear();
        List<ByteBuffer> errors = new ArrayList<>();
        for (Transfer transfer : all) {
            if (!transfer.end()) {
                continue;
            }
            out.remove(transfer);
            if (error != null) {
                errors.add(MessageCodec.encode(transfer.id(), new ErrorReply(error, "get " + transfer.file().name()
                        + " stopped: " + error.summary() + "; get it again to resume")));
            }
            log.info("{} stopped {} after {} of {} bytes", peer.who(), LogText.clip(transfer.file().name()),
                    transfer.position() - transfer.offset(), transfer.size() - transfer.offset());
        }
        return errors;
    }

    private void complete(Transfer transfer, Message last) {
        if (!transfer.end()) {
            return;
        }
        running.remove(transfer.id(), transfer);
        peer.touch();
        out.send(transfer.id(), last);
        long bytes = transfer.size() - transfer.offset();
        double millis = transfer.elapsedNanos() / 1e6;
        if (last instanceof FileEnd end) {
            if (peer.admitLog("sent")) {
                log.info("{} sent {}: {} bytes from offset {} in {} ms, sha256={}", peer.who(),
                        LogText.clip(transfer.file().name()), bytes, transfer.offset(), String.format("%.1f", millis),
                        HexFormat.of().formatHex(end.sha256()));
            }
        } else if (peer.admitLog("failed")) {
            log.warn("{} send of {} failed: {}", peer.who(), LogText.clip(transfer.file().name()),
                    LogText.clip(((ErrorReply) last).message()));
        }
    }

    private static boolean unchanged(ServedFile file) {
        try {
            return FileStamp.of(file.path()).equals(file.stamp());
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
