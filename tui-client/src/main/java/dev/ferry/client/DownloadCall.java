package dev.ferry.client;

import dev.ferry.client.FerryException.Kind;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Cancel;
import dev.ferry.protocol.Message.Data;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.FileEnd;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download, from GET to a verified file.
 *
 * <p>Data goes to {@code NAME.part} beside the target as it arrives; the file is renamed into
 * place only after its SHA-256 matches the server's. A .part that an earlier attempt left (Ferry
 * marks the ones it writes, see {@link PartFile}) is resumed from its end (rounded down to a
 * whole disk block); one whose server file has changed since is started afresh as soon as the
 * header shows it, and a resumed download that does not verify is restarted from zero once. A
 * .part that is not Ferry's is never touched without overwrite ({@link FerryException.Kind#EXISTS},
 * as for a file already under the final name). A mismatch leaves
 * nothing under the final name; a download that stops part-way (cancel, connection lost, disk
 * full) keeps its .part.
 *
 * <p>The reader thread packs the data of each DATA frame into 1 MiB buffers and passes each full
 * buffer to the client's disk thread, which writes it to the .part ({@link PartWriter}), in
 * order, and hands it to the {@link HashPipeline}; when the pipeline has hashed a buffer, the
 * download grants the server that many bytes more with WINDOW. So at most {@link #WINDOW} bytes
 * wait in memory, none is ever read back from disk, and the reader waits neither for the disk nor
 * for the hasher: a reply behind the data is read at memory speed. Verification finishes on a
 * hashing thread.
 *
 * <p>A file that fits in one buffer takes a shorter path: the reader hashes it itself and
 * verifies it as soon as FILE_END arrives, with no hand-over to another thread. Its .part is
 * created only when there is something to write (once, just before the rename) and marked only if
 * it is left behind unfinished, so a complete small download costs no extended-attribute calls.
 */
final class DownloadCall implements Call {
    /** Bytes the server may send ahead of what has been hashed. */
    static final int WINDOW = 4 << 20;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DownloadCall.class);

    private final FerryClient client;
    private final Download download;
    private final DownloadListener listener;
    private final Destination files;
    private final Path part;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean holdsSlot = new AtomicBoolean();
    /** Bytes this attempt has let the server send, counted from {@link #offset}. */
    private final AtomicLong granted = new AtomicLong();
    private volatile int id;
    private volatile boolean cancelRequested;
    private boolean restarted;
    private volatile boolean failedLocally;
    private boolean staleResume;
    private boolean headerSeen;
    private java.time.Instant modified;
    private long headerNanos;
    private long dataDoneNanos;
    private volatile long offset;
    private volatile long size;
    private volatile long position;
    private PartWriter writer;
    private HashPipeline hashes;
    /** For a file that fits in one buffer: its digest, computed on the reader thread. */
    private MessageDigest inline;
    private ByteBuffer current;
    private long currentStart;

    DownloadCall(FerryClient client, String name, Path folder, boolean overwrite, DownloadListener listener)
            throws FerryException {
        this.client = client;
        this.listener = listener;
        Path target = LocalNames.target(folder, name);
        this.files = new Destination(name, target, overwrite, client::parts);
        this.part = files.part();
        this.download = new Download(name, target);
        download.canceller(this::cancel);
    }

    Download download() {
        return download;
    }

    /** Sends the GET, resuming from an existing .part; called once a transfer slot is taken for it. */
    void begin() {
        holdsSlot.set(true);
        if (cancelRequested) {
            failCancelled();
            return;
        }
        try {
            files.checkTargetFree();
            offset = files.resumableBytes();
            send(offset);
        } catch (FerryException e) {
            end(e);
        } catch (IOException e) {
            end(new FerryException(Kind.LOCAL, null, "cannot read " + part + ": " + FileErrors.reason(e, part), e));
        }
    }

    private void send(long from) throws FerryException {
        id = client.nextId();
        granted.set(WINDOW);
        client.request(id, new Get(download.name(), from, WINDOW), this);
        if (cancelRequested) {
            // cancel() ran while the id was being assigned and could not name it
            client.sendQuietly(id, new Cancel());
        }
    }

    private void cancel() {
        cancelRequested = true;
        int current = id;
        if (current == 0) {
            if (client.unqueue(this)) {
                failCancelled();
            }
        } else {
            client.sendQuietly(current, new Cancel());
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
        modified = header.modified();
        position = offset;
        headerSeen = true;
        headerNanos = System.nanoTime();
        if (offset > 0 && files.isStale(header.size(), header.modified())) {
            // the server's file is not the one this part was started from: start again, now
            staleResume = true;
            client.sendQuietly(id, new Cancel());
            return;
        }
        boolean oneBuffer = offset == 0 && size <= BufferPool.BUFFER_SIZE;
        try {
            files.createFolder();
            if (!oneBuffer) {
                writer = PartWriter.open(part, offset, size - offset);
                if (offset == 0) {
                    files.mark(header.size(), header.modified());
                }
            }
        } catch (IOException e) {
            failLocally("cannot write " + part, e);
            return;
        }
        if (oneBuffer) {
            inline = HashPipeline.sha256();
        } else {
            int attempt = id;
            hashes = new HashPipeline(client.hashers(), buffer -> hashed(attempt, buffer));
            download.checkingPart(offset > 0);
            hashes.fromDisk(part, offset, () -> download.checkingPart(false));
        }
        download.started(size, offset);
        listener.started(download, size, offset);
    }

    private void onData(FrameReader reader) throws IOException {
        if (failedLocally || staleResume) {
            return; // skipped by the reader
        }
        if (!headerSeen) {
            throw new ProtocolException("DATA before FILE_HEADER for " + download.name());
        }
        if (position + reader.dataRemaining() > size) {
            throw new ProtocolException("more data than the " + size + " bytes of " + download.name());
        }
        while (reader.dataRemaining() > 0) {
            if (current == null) {
                current = client.buffers().take();
                currentStart = position;
            }
            int n = reader.readData(current);
            client.countData(n);
            position += n;
            // a full buffer goes on; so does a partial one when nothing more can come without it
            if (!current.hasRemaining() || position == size || position - offset == granted.get()) {
                if (!flush()) {
                    return;
                }
            }
        }
        download.received(position);
        listener.progress(download, position, size);
    }

    /** Writes the buffer being filled to the .part and hands it to the hash pipeline. */
    private boolean flush() {
        ByteBuffer buffer = current.flip();
        current = null;
        if (inline == null) {
            long start = currentStart;
            client.disk().execute(() -> writeThenHash(buffer, start));
            return true;
        }
        try {
            writer().write(buffer, currentStart);
        } catch (IOException e) {
            client.buffers().give(buffer);
            failLocally("cannot write " + part, e);
            return false;
        }
        if (inline != null) {
            inline.update(buffer);
            client.buffers().give(buffer);
        } else {
            hashes.fromMemory(buffer);
        }
        return true;
    }

    /** Disk thread: writes a full buffer, then hands it to the hasher. */
    private void writeThenHash(ByteBuffer buffer, long start) {
        if (failedLocally) {
            client.buffers().give(buffer);
            return;
        }
        try {
            writer.write(buffer, start);
        } catch (IOException e) {
            client.buffers().give(buffer);
            failedLocally = true;
            hashes.abort();
            fail(Kind.LOCAL, "cannot write " + part, e);
            client.sendQuietly(id, new Cancel());
            return;
        }
        hashes.fromMemory(buffer);
    }

    /** A buffer is hashed: give it back and let the server send as many bytes more. Hashing thread. */
    private void hashed(int attempt, ByteBuffer buffer) {
        int bytes = buffer.limit();
        client.buffers().give(buffer);
        if (attempt != id || failedLocally) {
            return;
        }
        long stillNeeded = size - offset - granted.get();
        if (stillNeeded > 0) {
            int increment = (int) Math.min(bytes, stillNeeded);
            granted.addAndGet(increment);
            client.sendQuietly(attempt, new Message.Window(increment));
        }
    }

    private void onEnd(FileEnd end) throws ProtocolException {
        if (failedLocally) {
            releaseSlot();
            return;
        }
        if (staleResume) {
            files.deletePart();
            restart();
            return;
        }
        if (!headerSeen || position != size) {
            throw new ProtocolException("FILE_END for " + download.name() + " after " + position + " of " + size + " bytes");
        }
        dataDoneNanos = System.nanoTime();
        if (inline != null) {
            try {
                writer().finish(size);
            } catch (IOException e) {
                failLocally("cannot write " + part, e);
                return;
            }
            verify(end.sha256(), inline.digest(), null);
            return;
        }
        byte[] expected = end.sha256();
        client.disk().execute(() -> { // after every write of this download
            if (failedLocally) {
                return;
            }
            try {
                writer.finish(size);
            } catch (IOException e) {
                failedLocally = true;
                hashes.abort();
                fail(Kind.LOCAL, "cannot write " + part, e);
                return;
            }
            hashes.finish().whenComplete((digest, failure) -> verify(expected, digest, failure));
        });
    }

    private void verify(byte[] expected, byte[] actual, Throwable failure) {
        closeWriter();
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
            files.moveIntoPlace(inline == null);
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
        headerSeen = false;
        offset = 0;
        position = 0;
        writer = null;
        hashes = null;
        inline = null;
        try {
            send(0);
        } catch (FerryException e) {
            end(e);
        }
    }

    private void onError(ErrorReply error) {
        stopWriting();
        if (failedLocally) {
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
        if (position == 0 && files.partExists()) {
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

    private void failLocally(String what, IOException cause) {
        failedLocally = true;
        stopWriting();
        fail(Kind.LOCAL, what, cause);
        client.sendQuietly(id, new Cancel());
    }

    /** Fails the download with a one-line reason; {@code what} is done to the .part. Any thread. */
    private void fail(Kind kind, String what, IOException cause) {
        String reason = FileErrors.reason(cause, part);
        download.result().completeExceptionally(new FerryException(kind, null, what + ": " + reason, keptNote(), cause));
    }

    private void failCancelled() {
        end(new FerryException(Kind.CANCELLED, ErrorCode.CANCELLED, "cancelled", keptNote(), null));
    }

    private String keptNote() {
        return files.keptNote(position, size);
    }

    private void end(FerryException failure) {
        releaseSlot();
        download.result().completeExceptionally(failure);
    }

    private void releaseSlot() {
        if (holdsSlot.compareAndSet(true, false)) {
            client.transferEnded(this);
        }
    }

    /**
     * Stops the download on this side: what arrived but is not yet on disk (the buffer being
     * filled) is written to the .part, so a later get resumes after every byte received; then the
     * .part is closed and the hashing stopped. Reader thread.
     */
    private void stopWriting() {
        if (hashes != null) {
            hashes.abort();
        }
        ByteBuffer pending = current;
        current = null;
        long start = currentStart;
        long end = position;
        boolean keep = !failedLocally;
        Runnable last = () -> keepWhatArrived(pending, start, end, keep);
        if (inline != null || writer == null) {
            last.run();
            return;
        }
        // after the writes already queued, so the .part holds every byte received when the failure is reported
        try {
            client.disk().submit(last).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            last.run();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("could not finish writing {}: {}", part, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the buffer being filled (if any), cuts off padding, marks a small part, closes the file. */
    private void keepWhatArrived(ByteBuffer pending, long start, long end, boolean keep) {
        try {
            if (pending != null && pending.flip().hasRemaining() && keep) {
                writer().write(pending, start);
                writer.finish(end);
                if (inline != null) {
                    // a small download's part is marked only now, when it is left for a later resume
                    files.mark(size, modified);
                }
            }
        } catch (IOException e) {
            log.debug("could not keep the last bytes of {}: {}", part, e.toString());
        } finally {
            if (pending != null) {
                client.buffers().give(pending);
            }
            closeWriter();
        }
    }

    /** The .part writer, opened on first need. */
    private PartWriter writer() throws IOException {
        if (writer == null) {
            writer = PartWriter.open(part, offset, size - offset);
        }
        return writer;
    }

    private void closeWriter() {
        PartWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.close();
        } catch (IOException ignored) {
            // the data is written; a failed close loses nothing the digest would not catch
        }
    }
}
