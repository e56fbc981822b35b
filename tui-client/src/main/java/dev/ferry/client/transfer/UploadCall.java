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
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.Message.PutWindow;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One upload, from PUT to the server's PUT_DONE: the mirror of {@link DownloadCall}. It sends PUT
 * with the file's size, sends PUT_DATA from where the server's partial ends within the window the
 * server grants, and PUT_END with the SHA-256 of the whole file; the server verifies and renames.
 *
 * <p>Threads: frames arrive on the reader thread; the data is read from the file and sent on the
 * engine's sending thread, one buffer at a time, each upload giving way to the others after each
 * buffer; each buffer sent goes on to the hashing threads ({@link HashPipeline}), which give it
 * back. At most {@link #UNHASHED} buffers wait for the hasher, however wide the server's window.
 *
 * <p>Resume: when the server holds the first bytes already, this side hashes its own first bytes
 * (which it needs for the digest anyway) and compares; bytes of another file make it cancel and
 * PUT again without resume, once. Sending starts meanwhile: the PUT_END that would commit the
 * upload goes only after the check.
 */
final class UploadCall implements Call, TransferSlots.Slotted {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadCall.class);

    /** Buffers sent but not yet hashed, at most. */
    static final int UNHASHED = 8;

    private final Requests requests;
    private final TransferSlots slots;
    private final DataPath path;
    private final Sending sending;
    private final Upload upload;
    private final UploadListener listener;
    private final boolean overwrite;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean holdsSlot = new AtomicBoolean();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicLong window = new AtomicLong();
    private final AtomicInteger unhashed = new AtomicInteger();
    private volatile int id;
    private volatile boolean cancelRequested;
    /** This attempt sends no more: it ended, failed, or is being started again. */
    private volatile boolean stopped;
    /** The server's partial is of another file: the attempt is cancelled and started again from 0. */
    private volatile boolean stale;
    private boolean restarted;
    private FileChannel file;
    private volatile long size;
    private volatile long offset;
    /** The next byte to send; only the sending thread moves it. */
    private volatile long position;
    /** The end of the data handed to the socket, including a buffer still going: what the server may hold. */
    private volatile long handedOver;
    private volatile boolean endSent;
    private volatile HashPipeline hashes;
    private volatile byte[] digest;

    /** Where upload data is read and sent: the engine's sending thread and its rate limit. */
    interface Sending {
        /** Runs {@code task} on the sending thread. */
        void execute(Runnable task) throws RejectedExecutionException;

        /** Counts bytes about to be sent, and waits as long as a rate limit asks. Sending thread. */
        void took(int bytes);

        /** The most bytes to send at once: a whole buffer, or less under a rate limit, so the pace stays even. */
        int largest();
    }

    UploadCall(Requests requests, TransferSlots slots, DataPath path, Sending sending, Upload upload,
            boolean overwrite, UploadListener listener) {
        this.requests = requests;
        this.slots = slots;
        this.path = path;
        this.sending = sending;
        this.upload = upload;
        this.overwrite = overwrite;
        this.listener = listener;
        upload.canceller(this::cancel);
    }

    Upload upload() {
        return upload;
    }

    @Override
    public Object key() {
        return new Key(upload.name());
    }

    /** Uploads by their name on the server; never equal to a download's key, which is a Path. */
    private record Key(String name) {}

    @Override
    public CompletableFuture<?> outcome() {
        return upload.result();
    }

    /** Opens the file and sends PUT; called once a transfer slot is taken for it. */
    @Override
    public void begin() {
        holdsSlot.set(true);
        if (cancelRequested) {
            end(cancelled());
            return;
        }
        Path source = upload.source();
        try {
            if (!Files.isRegularFile(source)) {
                throw new FerryException(Kind.LOCAL, Files.isDirectory(source) ? source + " is a folder"
                        : Files.exists(source, LinkOption.NOFOLLOW_LINKS) ? source + " is not a regular file"
                        : "no such file: " + source);
            }
            file = FileChannel.open(source, StandardOpenOption.READ);
            size = file.size();
            send(true);
        } catch (FerryException e) {
            end(e);
        } catch (IOException e) {
            end(new FerryException(Kind.LOCAL, null, "cannot read " + source + ": " + FileErrors.reason(e, source), e));
        } catch (RuntimeException e) {
            log.error("upload of {} failed to start", upload.name(), e);
            end(new FerryException(Kind.LOCAL, null, "could not start: " + e.getMessage(), e));
        }
    }

    private void send(boolean resume) throws FerryException {
        id = requests.nextId();
        requests.request(id, new Put(upload.name(), size, overwrite, resume), this);
        if (cancelRequested) {
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
        } else if (!endSent) {
            requests.sendQuietly(current, new Cancel());
        }
    }

    @Override
    public boolean onFrame(Message message, FrameReader reader) throws IOException {
        if (message instanceof PutWindow more) {
            window.addAndGet(more.increment());
            pump();
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
        if (message instanceof ErrorReply error) {
            onError(error);
            return true;
        }
        throw new ProtocolException("unexpected " + message.type() + " during an upload");
    }

    private void onReady(PutReady ready) throws ProtocolException {
        if (ready.offset() < 0 || ready.offset() > size) {
            throw new ProtocolException("the server holds " + ready.offset() + " bytes of " + upload.name() + ", which has "
                    + size);
        }
        offset = ready.offset();
        position = offset;
        window.set(ready.window());
        HashPipeline pipeline = new HashPipeline(path.hashers(), this::hashed);
        hashes = pipeline;
        upload.started(size, offset);
        listener.started(upload, size, offset);
        if (offset > 0) {
            upload.checking(true);
            byte[] held = ready.heldSha256();
            pipeline.fromDisk(upload.source(), offset, () -> checkHeld(pipeline, held));
        }
        pump();
    }

    /** Hashing thread: the server's first bytes are this file's, or the attempt starts again from 0. */
    private void checkHeld(HashPipeline pipeline, byte[] held) {
        upload.checking(false);
        if (MessageDigest.isEqual(pipeline.digestSoFar(), held)) {
            return;
        }
        log.info("the server's partial of {} is not of this file: uploading it whole", upload.name());
        stale = true;
        requests.sendQuietly(id, new Cancel());
    }

    /** Hashing thread: a buffer is hashed; another may be read. */
    private void hashed(ByteBuffer buffer) {
        path.buffers().give(buffer);
        if (unhashed.decrementAndGet() == UNHASHED - 1) {
            pump();
        }
    }

    /** Makes sure the sending thread is at work on this upload, if there is anything it may send. */
    private void pump() {
        if (stopped || !pumping.compareAndSet(false, true)) {
            return;
        }
        try {
            sending.execute(this::sendSome);
        } catch (RejectedExecutionException e) {
            pumping.set(false); // the client is closing: the connection's end fails the upload
        }
    }

    /**
     * Sending thread: reads and sends one buffer, then gives way to other uploads by queueing itself
     * again; stops when the window is spent, the hasher is behind, or everything has gone.
     */
    private void sendSome() {
        try {
            if (sendOne()) {
                sending.execute(this::sendSome);
                return;
            }
        } catch (RejectedExecutionException e) {
            // the client is closing
        }
        pumping.set(false);
        // a PUT_WINDOW or a hashed buffer that came while this was stopping finds pumping still set: look again
        if (!stopped && (canSend() || readyToEnd())) {
            pump();
        }
    }

    private boolean canSend() {
        return position < size && window.get() > 0 && unhashed.get() < UNHASHED;
    }

    private boolean readyToEnd() {
        return position == size && !endSent && hashes != null;
    }

    /** Sends one buffer; true if there may be more to send now. */
    private boolean sendOne() {
        if (stopped) {
            return false;
        }
        if (readyToEnd()) {
            finishData();
            return false;
        }
        if (!canSend()) {
            return false;
        }
        int attempt = id;
        HashPipeline pipeline = hashes;
        int length = (int) Math.min(Math.min(window.get(), size - position), sending.largest());
        ByteBuffer buffer = path.buffers().take();
        buffer.limit(length);
        try {
            long at = position;
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, at + buffer.position());
                if (n < 0) {
                    path.buffers().give(buffer);
                    failLocally(new FerryException(Kind.LOCAL, upload.source() + " changed while it was being sent: it is "
                            + "shorter than the " + size + " bytes it had"));
                    return false;
                }
            }
            buffer.flip();
            sending.took(length);
            handedOver = at + length;
            requests.sendData(attempt, buffer.duplicate());
        } catch (IOException e) {
            path.buffers().give(buffer);
            if (e instanceof java.nio.channels.ClosedChannelException || !requests.isOpen()) {
                return false; // the connection ended: its end fails the upload
            }
            failLocally(new FerryException(Kind.LOCAL, null, "cannot read " + upload.source() + ": "
                    + FileErrors.reason(e, upload.source()), e));
            return false;
        }
        if (attempt != id || stopped) {
            path.buffers().give(buffer); // the attempt ended while this buffer went: the server ignores it
            return false;
        }
        position += length;
        window.addAndGet(-length);
        unhashed.incrementAndGet();
        pipeline.fromMemory(buffer);
        upload.sent(position);
        listener.progress(upload, position, size);
        return true;
    }

    /** Every byte has gone: once the hasher has them all, PUT_END carries the digest. Sending thread. */
    private void finishData() {
        endSent = true;
        int attempt = id;
        hashes.finish().whenComplete((sha256, failure) -> {
            if (failure != null) {
                failLocally(new FerryException(Kind.LOCAL, null, "cannot read " + upload.source() + " to hash it: "
                        + failure.getMessage(), failure));
                return;
            }
            if (stale || stopped || attempt != id) {
                return;
            }
            digest = sha256;
            requests.sendQuietly(attempt, new PutEnd(sha256));
        });
    }

    private void onDone(PutDone done) throws ProtocolException {
        byte[] sha256 = digest;
        if (sha256 == null || done.size() != size) {
            throw new ProtocolException("PUT_DONE for " + upload.name() + " before its PUT_END");
        }
        stopSending();
        releaseSlot();
        upload.result().complete(new UploadResult(upload.name(), upload.source(), size, offset,
                HexFormat.of().formatHex(sha256), done.replaced(), Duration.ofNanos(System.nanoTime() - startedNanos)));
    }

    private void onError(ErrorReply error) {
        stopSending();
        if (upload.result().isDone()) {
            releaseSlot(); // failed on this side; the server's side has ended only now
            return;
        }
        ErrorCode code = error.code();
        if (stale && code == ErrorCode.CANCELLED && !cancelRequested && !restarted) {
            restart();
            return;
        }
        if (code == ErrorCode.CANCELLED) {
            end(cancelled());
            return;
        }
        Kind kind = switch (code) {
            case EXISTS -> Kind.EXISTS;
            case DIGEST_MISMATCH -> Kind.INTEGRITY;
            case SHUTTING_DOWN, IDLE_TIMEOUT -> Kind.LOST;
            default -> Kind.REMOTE;
        };
        end(new FerryException(kind, code, error.message(), keptNote(code), null));
    }

    /** Starts the upload again from its first byte, the server told to drop what it held. Reader thread. */
    private void restart() {
        restarted = true;
        stale = false;
        stopped = false;
        endSent = false;
        digest = null;
        handedOver = 0;
        window.set(0);
        try {
            send(false);
        } catch (FerryException e) {
            end(e);
        }
    }

    @Override
    public void fail(FerryException failure) {
        stopSending();
        String note = failure.kind() == Kind.LOST ? keptNote(null) : "";
        end(new FerryException(failure.kind(), failure.code(), failure.getMessage(), note, failure));
    }

    /** What the server keeps of an upload that stopped, said as a clause. */
    private String keptNote(ErrorCode code) {
        if (code == ErrorCode.DIGEST_MISMATCH || code == ErrorCode.EXISTS && position < size || handedOver <= 0) {
            return "";
        }
        return "; the server keeps what it received, put it again to resume";
    }

    private FerryException cancelled() {
        return new FerryException(Kind.CANCELLED, ErrorCode.CANCELLED, "cancelled", keptNote(ErrorCode.CANCELLED), null);
    }

    /** A failure on this side while the server's side runs: the upload ends now, the slot when the server confirms. */
    private void failLocally(FerryException failure) {
        stopSending();
        upload.result().completeExceptionally(failure);
        requests.sendQuietly(id, new Cancel());
    }

    private void stopSending() {
        stopped = true;
        HashPipeline pipeline = hashes;
        if (pipeline != null) {
            pipeline.abort();
        }
    }

    private void end(FerryException failure) {
        closeFile();
        releaseSlot();
        upload.result().completeExceptionally(failure);
    }

    private void releaseSlot() {
        closeFile();
        if (holdsSlot.compareAndSet(true, false)) {
            slots.ended();
        }
    }

    private void closeFile() {
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
