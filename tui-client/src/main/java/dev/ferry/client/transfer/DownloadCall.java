package dev.ferry.client.transfer;

import dev.ferry.client.connection.Call;
import dev.ferry.client.connection.Requests;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.failure.FileErrors;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Cancel;
import dev.ferry.protocol.Message.Data;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.FileEnd;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One download, from GET to a verified file: the protocol's side of it. It asks for the file from
 * where an earlier attempt's .part ends, follows FILE_HEADER, DATA and FILE_END or ERROR, verifies
 * the digest and decides how the download ends, and says so in one line.
 *
 * <p>Data goes to {@code NAME.part} beside the target as it arrives ({@link Destination}); the
 * file is moved into place only after its SHA-256 matches the server's. A resumed .part whose
 * server file has changed since is started afresh as soon as the header shows it, and a resumed
 * download that does not verify is restarted from zero once. A mismatch leaves nothing under the
 * final name; a download that stops part-way (cancel, connection lost, disk full) keeps its .part.
 *
 * <p>Frames arrive on the reader thread; the data goes on to the disk and hashing threads through
 * a {@link DataPipeline}, one for each attempt, and verification finishes on a hashing thread (on
 * the reader, for a file that fits in one buffer). {@link #begin} runs on the caller's thread or on
 * whichever thread freed a transfer slot, {@link Download#cancel} on the caller's.
 */
final class DownloadCall implements Call, TransferSlots.Slotted, DataPipeline.Owner {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownloadCall.class);

    private final Requests requests;
    private final TransferSlots slots;
    private final DataPath path;
    private final Download download;
    private final DownloadListener listener;
    private final Destination files;
    private final Path part;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean holdsSlot = new AtomicBoolean();
    private volatile int id;
    private volatile boolean cancelRequested;
    private boolean restarted;
    private boolean staleResume;
    private long headerNanos;
    private long dataDoneNanos;
    private volatile long offset;
    private volatile long size;
    /** Where this attempt's data goes; null until its FILE_HEADER. */
    private volatile DataPipeline data;

    DownloadCall(Requests requests, TransferSlots slots, DataPath path, Destination files, Download download,
            DownloadListener listener) {
        this.requests = requests;
        this.slots = slots;
        this.path = path;
        this.listener = listener;
        this.files = files;
        this.part = files.part();
        this.download = download;
        download.canceller(this::cancel);
        download.keptNote(this::keptNote);
    }

    @Override
    public Object key() {
        return download.target();
    }

    @Override
    public java.util.concurrent.CompletableFuture<?> outcome() {
        return download.result();
    }

    Download download() {
        return download;
    }

    /** Sends the GET, resuming from an existing .part; called once a transfer slot is taken for it. */
    @Override
    public void begin() {
        holdsSlot.set(true);
        if (cancelRequested) {
            failCancelled();
            return;
        }
        try {
            if (!lockName()) {
                return;
            }
            files.checkTargetFree();
            offset = files.resumableBytes();
            send(offset);
        } catch (FerryException e) {
            end(e);
        } catch (IOException e) {
            end(new FerryException(Kind.LOCAL, null, "cannot read " + part + ": " + FileErrors.reason(e, part), e));
        } catch (RuntimeException e) {
            // begin may run on the reader or a hashing thread, where a throw would end nothing:
            // the download ends here, so whoever waits for it is told
            log.error("download of {} failed to start", download.name(), e);
            end(new FerryException(Kind.LOCAL, null, "could not start: " + e.getMessage(), e));
        }
    }

    /**
     * Takes the folder's lock on this name for as long as the download runs; fails the download
     * with a clear line, touching nothing, if another ferry is fetching the same name there.
     */
    private boolean lockName() {
        Path folder = download.target().toAbsolutePath().getParent();
        FetchLock lock;
        try {
            lock = FetchLock.tryTake(folder, download.name());
        } catch (IOException e) {
            // no state folder to keep the lock in: fetch unguarded, as before there was one
            log.warn("cannot take the lock on {} in {}: {}", download.name(), folder, e.toString());
            return true;
        }
        if (lock == null) {
            end(new FerryException(Kind.LOCAL, null, download.name() + " is being fetched into " + folder
                    + " by another ferry; get it again once that one is done"));
            return false;
        }
        download.result().whenComplete((result, failure) -> lock.close());
        return true;
    }

    private void send(long from) throws FerryException {
        id = requests.nextId();
        requests.request(id, new Get(download.name(), from, DataPipeline.WINDOW), this);
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
                failCancelled();
            }
        } else {
            requests.sendQuietly(current, new Cancel());
        }
    }

    @Override
    public boolean onFrame(Message message, FrameReader reader) throws IOException {
        if (message instanceof Data) {
            onData(reader);
            return false;
        }
        if (message instanceof FileHeader header) {
            onHeader(header);
            return false;
        }
        if (message instanceof FileEnd end) {
            onEnd(end);
            return true;
        }
        if (message instanceof ErrorReply error) {
            onError(error);
            return true;
        }
        throw new ProtocolException("unexpected " + message.type() + " during a download");
    }

    private void onHeader(FileHeader header) throws ProtocolException {
        if (header.offset() != offset) {
            throw new ProtocolException("asked for " + download.name() + " from " + offset + ", got data from " + header.offset());
        }
        size = header.size();
        data = new DataPipeline(path, requests, files, download, this, id, header);
        headerNanos = System.nanoTime();
        if (offset > 0 && files.isStale(header.size(), header.modified())) {
            // the server's file is not the one this part was started from: start again, now
            staleResume = true;
            requests.sendQuietly(id, new Cancel());
            return;
        }
        if (!data.open()) {
            return;
        }
        download.started(size, offset);
        listener.started(download, size, offset);
    }

    private void onData(FrameReader reader) throws IOException {
        if (failedLocally() || staleResume) {
            return; // skipped by the reader
        }
        DataPipeline received = data;
        if (received == null) {
            throw new ProtocolException("DATA before FILE_HEADER for " + download.name());
        }
        if (received.position() + reader.dataRemaining() > size) {
            throw new ProtocolException("more data than the " + size + " bytes of " + download.name());
        }
        if (!received.receive(reader)) {
            return;
        }
        download.received(received.position());
        listener.progress(download, received.position(), size);
    }

    private void onEnd(FileEnd end) throws ProtocolException {
        if (failedLocally()) {
            releaseSlot();
            return;
        }
        if (staleResume) {
            files.deletePart();
            restart();
            return;
        }
        DataPipeline received = data;
        if (received == null || received.position() != size) {
            throw new ProtocolException("FILE_END for " + download.name() + " after " + position() + " of " + size + " bytes");
        }
        dataDoneNanos = System.nanoTime();
        byte[] expected = end.sha256();
        received.finish((digest, failure) -> verify(expected, digest, failure));
    }

    /** Moves the .part into place if the digest matches. Hashing thread, or the reader for a one-buffer file. */
    private void verify(byte[] expected, byte[] actual, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            String reason = cause instanceof IOException io ? FileErrors.reason(io, part) : Formats.failure(cause);
            end(new FerryException(Kind.LOCAL, null, "cannot read back " + part + " to verify it: " + reason, failure));
            return;
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            files.deletePart();
            if (offset > 0 && !restarted) {
                restart();
                return;
            }
            HexFormat hex = HexFormat.of();
            end(new FerryException(Kind.INTEGRITY, null, "SHA-256 mismatch for " + download.name() + ": the server sent "
                    + hex.formatHex(expected) + ", the data received hashes to " + hex.formatHex(actual)
                    + "; nothing was kept"));
            return;
        }
        try {
            files.moveIntoPlace(!data.oneBuffer());
        } catch (IOException e) {
            end(e instanceof FerryException fe ? fe
                    : new FerryException(Kind.LOCAL, null, "cannot move " + part + " into place: " + FileErrors.reason(e, part), e));
            return;
        }
        releaseSlot();
        if (log.isDebugEnabled()) {
            long now = System.nanoTime();
            log.debug("{}: {} bytes; header after {} ms, all data after {} ms, verified {} ms later", download.name(),
                    size - offset, (headerNanos - startedNanos) / 1_000_000, (dataDoneNanos - startedNanos) / 1_000_000,
                    (now - dataDoneNanos) / 1_000_000);
        }
        download.result().complete(new DownloadResult(download.name(), download.target(), size, offset,
                HexFormat.of().formatHex(actual), Duration.ofNanos(System.nanoTime() - startedNanos)));
    }

    /** Discards a resumed .part that did not verify and fetches the whole file again, once. */
    private void restart() {
        restarted = true;
        staleResume = false;
        offset = 0;
        data = null;
        try {
            send(0);
        } catch (FerryException e) {
            end(e);
        }
    }

    private void onError(ErrorReply error) {
        stopWriting();
        if (failedLocally()) {
            // the server's transfer ends only now, so only now is its slot free
            releaseSlot();
            return;
        }
        ErrorCode code = error.code();
        if (staleResume && code == ErrorCode.CANCELLED && !cancelRequested) {
            files.deletePart();
            restart();
            return;
        }
        if (code == ErrorCode.BAD_OFFSET && offset > 0 && !restarted) {
            files.deletePart();
            restart();
            return;
        }
        if (code == ErrorCode.CANCELLED) {
            failCancelled();
            return;
        }
        if (code == ErrorCode.FILE_CHANGED) {
            files.deletePart();
            end(new FerryException(Kind.REMOTE, code, error.message()));
            return;
        }
        if (position() == 0 && files.partExists()) {
            files.deletePart();
        }
        if (endsSession(code)) {
            // the server stopped every transfer because the connection is ending: a drop, said politely
            end(new FerryException(Kind.LOST, code, "stopped: " + code.summary(), keptNote(), null));
            return;
        }
        end(new FerryException(Kind.REMOTE, code, error.message(), keptNote(), null));
    }

    /** Codes a server stops running transfers with when it ends the whole session (PROTOCOL.md, NOTICE). */
    private static boolean endsSession(ErrorCode code) {
        return code == ErrorCode.SHUTTING_DOWN || code == ErrorCode.IDLE_TIMEOUT;
    }

    @Override
    public void fail(FerryException failure) {
        stopWriting();
        String note = failure.kind() == Kind.LOST ? keptNote() : "";
        end(new FerryException(failure.kind(), failure.code(), failure.getMessage(), note, failure));
    }

    @Override
    public boolean current(int attempt) {
        return attempt == id;
    }

    /** Fails the download with a one-line reason: the .part could not be written. Reader or disk thread. */
    @Override
    public void writeFailed(IOException cause, boolean stillSending) {
        String reason = cause instanceof java.nio.file.NoSuchFileException && java.nio.file.Files.isDirectory(part.getParent())
                // the folder is there, yet creating the .part in it finds no such file: a folder such as /proc
                ? "no file can be created in " + part.getParent()
                : FileErrors.reason(cause, part);
        download.result().completeExceptionally(new FerryException(Kind.LOCAL, null, "cannot write " + part + ": " + reason,
                keptNote(), cause));
        if (stillSending) {
            requests.sendQuietly(id, new Cancel());
        }
    }

    private void failCancelled() {
        end(new FerryException(Kind.CANCELLED, ErrorCode.CANCELLED, "cancelled", keptNote(), null));
    }

    /** What the .part holds now, said as a clause; the count is also what {@link Download#kept} tells. */
    private String keptNote() {
        long kept = files.kept(position());
        download.kept(kept);
        return files.keptNote(kept, size);
    }

    /** Bytes received so far, those resumed from included; 0 before the header. */
    private long position() {
        DataPipeline received = data;
        return received == null ? 0 : received.position();
    }

    private boolean failedLocally() {
        DataPipeline received = data;
        return received != null && received.failed();
    }

    private void end(FerryException failure) {
        releaseSlot();
        download.result().completeExceptionally(failure);
    }

    private void releaseSlot() {
        if (holdsSlot.compareAndSet(true, false)) {
            slots.ended();
        }
    }

    /** Stops the download on this side, keeping in the .part what arrived (see {@link DataPipeline#stop}). Reader thread. */
    private void stopWriting() {
        DataPipeline received = data;
        if (received != null) {
            received.stop();
        }
    }
}
