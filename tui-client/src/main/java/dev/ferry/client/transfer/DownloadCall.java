package dev.ferry.client.transfer;

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
final class DownloadCall extends TransferCall<Download> implements DataPipeline.Owner {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownloadCall.class);

    private final DataPath path;
    private final DownloadListener listener;
    private final Destination files;
    private final Path part;
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
        super(requests, slots, download);
        this.path = path;
        this.listener = listener;
        this.files = files;
        this.part = files.part();
        transfer.keptNote(() -> keptNote(null));
    }

    @Override
    public Object key() {
        return transfer.target();
    }

    Download download() {
        return transfer;
    }

    /** Sends the GET, resuming from an existing .part. */
    @Override
    void start() throws IOException {
        if (!lockName()) {
            return;
        }
        files.checkTargetFree();
        offset = files.resumableBytes();
        send(offset);
    }

    @Override
    Path localFile() {
        return part;
    }

    /**
     * Takes the folder's lock on this name for as long as the download runs; fails the download
     * with a clear line, touching nothing, if another ferry is fetching the same name there.
     */
    private boolean lockName() {
        Path folder = transfer.target().toAbsolutePath().getParent();
        FetchLock lock;
        try {
            lock = FetchLock.tryTake(folder, transfer.name());
        } catch (IOException e) {
            // no state folder to keep the lock in: fetch unguarded, as before there was one
            log.warn("cannot take the lock on {} in {}: {}", transfer.name(), folder, e.toString());
            return true;
        }
        if (lock == null) {
            end(new FerryException(Kind.LOCAL, null, transfer.name() + " is being fetched into " + folder
                    + " by another ferry; get it again once that one is done"));
            return false;
        }
        transfer.result().whenComplete((result, failure) -> lock.close());
        return true;
    }

    private void send(long from) throws FerryException {
        send(new Get(transfer.name(), from, DataPipeline.WINDOW));
    }

    @Override
    boolean onReply(Message message, FrameReader reader) throws IOException {
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
        throw unexpected(message);
    }

    private void onHeader(FileHeader header) throws ProtocolException {
        if (header.offset() != offset) {
            throw new ProtocolException("asked for " + transfer.name() + " from " + offset + ", got data from " + header.offset());
        }
        size = header.size();
        data = new DataPipeline(path, requests, files, transfer, this, id, header);
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
        transfer.started(size, offset);
        listener.started(transfer, size, offset);
    }

    private void onData(FrameReader reader) throws IOException {
        if (failedLocally() || staleResume) {
            return; // skipped by the reader
        }
        DataPipeline received = data;
        if (received == null) {
            throw new ProtocolException("DATA before FILE_HEADER for " + transfer.name());
        }
        if (received.position() + reader.dataRemaining() > size) {
            throw new ProtocolException("more data than the " + size + " bytes of " + transfer.name());
        }
        if (!received.receive(reader)) {
            return;
        }
        transfer.progressed(received.position());
        listener.progress(transfer, received.position(), size);
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
            throw new ProtocolException("FILE_END for " + transfer.name() + " after " + position() + " of " + size + " bytes");
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
            end(new FerryException(Kind.INTEGRITY, null, "SHA-256 mismatch for " + transfer.name() + ": the server sent "
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
            log.debug("{}: {} bytes; header after {} ms, all data after {} ms, verified {} ms later", transfer.name(),
                    size - offset, (headerNanos - startedNanos) / 1_000_000, (dataDoneNanos - startedNanos) / 1_000_000,
                    (now - dataDoneNanos) / 1_000_000);
        }
        transfer.result().complete(new DownloadResult(transfer.name(), transfer.target(), size, offset,
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

    @Override
    boolean endedHere() {
        return failedLocally();
    }

    @Override
    boolean retried(ErrorCode code) {
        boolean again = staleResume && code == ErrorCode.CANCELLED && !cancelRequested
                || code == ErrorCode.BAD_OFFSET && offset > 0 && !restarted;
        if (again) {
            files.deletePart();
            restart();
        }
        return again;
    }

    @Override
    FerryException failure(ErrorReply error) {
        ErrorCode code = error.code();
        if (code == ErrorCode.FILE_CHANGED) {
            files.deletePart();
            return new FerryException(Kind.REMOTE, code, error.message());
        }
        if (position() == 0 && files.partExists()) {
            files.deletePart();
        }
        if (endsSession(code)) {
            // the server stopped every transfer because the connection is ending: a drop, said politely
            return new FerryException(Kind.LOST, code, "stopped: " + code.summary(), keptNote(code), null);
        }
        return new FerryException(Kind.REMOTE, code, error.message(), keptNote(code), null);
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
        transfer.result().completeExceptionally(new FerryException(Kind.LOCAL, null, "cannot write " + part + ": " + reason,
                keptNote(null), cause));
        if (stillSending) {
            requests.sendQuietly(id, new Cancel());
        }
    }

    /** What the .part holds now, said as a clause; the count is also what {@link Download#kept} tells. */
    @Override
    String keptNote(ErrorCode code) {
        long kept = files.kept(position());
        transfer.kept(kept);
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

    /** Stops the download on this side, keeping in the .part what arrived (see {@link DataPipeline#stop}). Reader thread. */
    @Override
    void stop() {
        DataPipeline received = data;
        if (received != null) {
            received.stop();
        }
    }
}
