package dev.ferry.client.transfer;

import dev.ferry.client.connection.Requests;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Cancel;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.Message.PutWindow;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One upload, from PUT to the server's PUT_DONE: the mirror of {@link DownloadCall}. It announces
 * the file with its size, checks what the server says it holds already, has an
 * {@link UploadSender} send the rest within the window the server grants, and finishes with
 * PUT_END carrying the SHA-256 of the whole file; the server verifies and renames.
 *
 * <p>Resume: when the server holds the first bytes already, this side hashes its own first bytes
 * (which it needs for the digest anyway) and compares; bytes of another file make it cancel and
 * PUT again without resume, once. Sending starts meanwhile: the PUT_END that would commit the
 * upload goes only after the check.
 *
 * <p>Threads: frames arrive on the reader thread; the sender works on the engine's sending
 * thread and the hashing threads, and tells this call from there.
 */
final class UploadCall extends TransferCall<Upload> implements UploadSender.Owner {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadCall.class);

    private final DataPath path;
    private final UploadSender.Sending sending;
    private final UploadListener listener;
    private final boolean overwrite;
    /** The server's partial is of another file: the attempt is cancelled and started again from 0. */
    private volatile boolean stale;
    private boolean restarted;
    private FileChannel file;
    private volatile long size;
    private volatile long offset;
    /** The current attempt's sender; null until its PUT_READY. */
    private volatile UploadSender sender;
    /** The digest PUT_END carried; null until it went. */
    private volatile byte[] digest;

    UploadCall(Requests requests, TransferSlots slots, DataPath path, UploadSender.Sending sending, Upload upload,
            boolean overwrite, UploadListener listener) {
        super(requests, slots, upload);
        this.path = path;
        this.sending = sending;
        this.overwrite = overwrite;
        this.listener = listener;
    }

    Upload upload() {
        return transfer;
    }

    @Override
    public Object key() {
        return new Key(transfer.name());
    }

    /** Uploads by their name on the server; never equal to a download's key, which is a Path. */
    private record Key(String name) {}

    /** Opens the file and announces it with PUT. */
    @Override
    void start() throws IOException {
        Path source = transfer.source();
        if (!Files.isRegularFile(source)) {
            throw new FerryException(Kind.LOCAL, Files.isDirectory(source) ? source + " is a folder"
                    : Files.exists(source, LinkOption.NOFOLLOW_LINKS) ? source + " is not a regular file"
                    : "no such file: " + source);
        }
        file = FileChannel.open(source, StandardOpenOption.READ);
        size = file.size();
        send(new Put(transfer.name(), size, overwrite, true));
    }

    @Override
    Path localFile() {
        return transfer.source();
    }

    @Override
    boolean stillCancellable() {
        UploadSender current = sender;
        return current == null || !current.allSent();
    }

    @Override
    boolean onReply(Message message, FrameReader reader) throws IOException {
        if (message instanceof PutWindow more) {
            UploadSender current = sender;
            if (current == null) {
                throw new ProtocolException("PUT_WINDOW before PUT_READY for " + transfer.name());
            }
            current.grant(more.increment());
            return false;
        }
        if (message instanceof PutReady ready) {
            onReady(ready);
            return false;
        }
        if (message instanceof PutDone done) {
            onDone(done);
            return true;
        }
        throw unexpected(message);
    }

    /** The server says how much it holds and grants the first window: sending starts. */
    private void onReady(PutReady ready) throws ProtocolException {
        if (ready.offset() < 0 || ready.offset() > size) {
            throw new ProtocolException("the server holds " + ready.offset() + " bytes of " + transfer.name() + ", which has "
                    + size);
        }
        offset = ready.offset();
        UploadSender attempt = new UploadSender(requests, path, sending, file, transfer.source(), size, id, offset,
                ready.window(), this);
        sender = attempt;
        transfer.started(size, offset);
        listener.started(transfer, size, offset);
        if (offset > 0) {
            transfer.checking(true);
            byte[] held = ready.heldSha256();
            attempt.hashHeld(offset, () -> checkHeld(attempt, held));
        }
        attempt.pump();
    }

    /** Hashing thread: the server's first bytes are this file's, or the attempt starts again from 0. */
    private void checkHeld(UploadSender attempt, byte[] held) {
        transfer.checking(false);
        if (MessageDigest.isEqual(attempt.digestSoFar(), held)) {
            return;
        }
        log.info("the server's partial of {} is not of this file: uploading it whole", transfer.name());
        stale = true;
        requests.sendQuietly(id, new Cancel());
    }

    @Override
    public void progressed(long position) {
        transfer.progressed(position);
        listener.progress(transfer, position, size);
    }

    /** Every byte has gone and been hashed: PUT_END carries the digest, unless the attempt is being replaced. */
    @Override
    public void allHashed(byte[] sha256) {
        if (stale) {
            return;
        }
        digest = sha256;
        requests.sendQuietly(id, new PutEnd(sha256));
    }

    private void onDone(PutDone done) throws ProtocolException {
        byte[] sha256 = digest;
        if (sha256 == null || done.size() != size) {
            throw new ProtocolException("PUT_DONE for " + transfer.name() + " before its PUT_END");
        }
        stop();
        releaseSlot();
        transfer.result().complete(new UploadResult(transfer.name(), transfer.source(), size, offset,
                HexFormat.of().formatHex(sha256), done.replaced(), Duration.ofNanos(System.nanoTime() - startedNanos)));
    }

    @Override
    boolean endedHere() {
        return transfer.result().isDone();
    }

    @Override
    boolean retried(ErrorCode code) {
        if (!stale || code != ErrorCode.CANCELLED || cancelRequested || restarted) {
            return false;
        }
        restart();
        return true;
    }

    @Override
    FerryException failure(ErrorReply error) {
        ErrorCode code = error.code();
        Kind kind = switch (code) {
            case EXISTS -> Kind.EXISTS;
            case DIGEST_MISMATCH -> Kind.INTEGRITY;
            case SHUTTING_DOWN, IDLE_TIMEOUT -> Kind.LOST;
            default -> Kind.REMOTE;
        };
        return new FerryException(kind, code, error.message(), keptNote(code), null);
    }

    /** Starts the upload again from its first byte, the server told to drop what it held. Reader thread. */
    private void restart() {
        restarted = true;
        stale = false;
        digest = null;
        sender = null;
        try {
            send(new Put(transfer.name(), size, overwrite, false));
        } catch (FerryException e) {
            end(e);
        }
    }

    /** What the server keeps of an upload that stopped, said as a clause. */
    @Override
    String keptNote(ErrorCode code) {
        UploadSender current = sender;
        long position = current == null ? 0 : current.position();
        long handedOver = current == null ? 0 : current.handedOver();
        if (code == ErrorCode.DIGEST_MISMATCH || code == ErrorCode.EXISTS && position < size || handedOver <= 0) {
            return "";
        }
        return "; the server keeps what it received, put it again to resume";
    }

    /** A failure on this side while the server's side runs: the upload ends now, the slot when the server confirms. */
    @Override
    public void failed(FerryException failure) {
        stop();
        transfer.result().completeExceptionally(failure);
        requests.sendQuietly(id, new Cancel());
    }

    @Override
    void stop() {
        UploadSender current = sender;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    void released() {
        FileChannel open = file;
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (IOException ignored) {
            // only read from
        }
    }
}
