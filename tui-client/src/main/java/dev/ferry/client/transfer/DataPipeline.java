package dev.ferry.client.transfer;

import dev.ferry.client.connection.Requests;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The way one attempt's data goes, from the socket to a hashed .part. The reader thread packs the
 * data of each DATA frame into 1 MiB buffers and passes each full buffer to the client's disk
 * thread, which writes it to the .part ({@link PartWriter}), in order, and hands it to the
 * {@link HashPipeline}; when the pipeline has hashed a buffer, the server is granted that many
 * bytes more with WINDOW. So at most {@link #WINDOW} bytes wait in memory, none is ever read back
 * from disk, and the reader waits neither for the disk nor for the hasher: a reply behind the data
 * is read at memory speed. The digest is finished on a hashing thread.
 *
 * <p>A file that fits in one buffer takes a shorter path: the reader hashes it itself and has its
 * digest as soon as FILE_END arrives, with no hand-over to another thread. Its .part is created
 * only when there is something to write (once, just before the rename) and marked only if it is
 * left behind unfinished, so a complete small download costs no extended-attribute calls.
 *
 * <p>A write that fails ends the pipeline for good ({@link #failed()}): nothing more is written or
 * hashed, no more window is granted, and the download is told.
 */
final class DataPipeline {
    /** Bytes the server may send ahead of what has been hashed. */
    static final int WINDOW = 4 << 20;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataPipeline.class);

    /** The download a pipeline works for. */
    interface Owner {
        /** True while {@code attempt} is the id of the download's request: a restart asks again under another. */
        boolean current(int attempt);

        /**
         * Writing the .part failed; the download fails. {@code stillSending}: the server has more
         * to send and is to be told to stop. Reader or disk thread.
         */
        void writeFailed(IOException cause, boolean stillSending);
    }

    private final DataPath path;
    private final Requests requests;
    private final Destination files;
    private final Download download;
    private final Owner owner;
    private final int attempt;
    private final long offset;
    private final long size;
    private final Instant modified;
    /** Bytes this attempt has let the server send, counted from {@link #offset}. */
    private final AtomicLong granted = new AtomicLong(WINDOW);
    private volatile boolean failed;
    private volatile long position;
    private PartWriter writer;
    private HashPipeline hashes;
    /** For a file that fits in one buffer: its digest, computed on the reader thread. */
    private MessageDigest inline;
    private ByteBuffer current;
    private long currentStart;

    /** For the data that {@code header} announces, in answer to the request {@code attempt}. */
    DataPipeline(DataPath path, Requests requests, Destination files, Download download, Owner owner, int attempt, FileHeader header) {
        this.path = path;
        this.requests = requests;
        this.files = files;
        this.download = download;
        this.owner = owner;
        this.attempt = attempt;
        this.offset = header.offset();
        this.size = header.size();
        this.modified = header.modified();
        this.position = offset;
    }

    /** The file's size. */
    long size() {
        return size;
    }

    /** Bytes received so far, those resumed from included. */
    long position() {
        return position;
    }

    /** True once a write has failed. */
    boolean failed() {
        return failed;
    }

    /** True for a file that fits in one buffer: written and hashed by the reader, its .part unmarked. */
    boolean oneBuffer() {
        return inline != null;
    }

    /**
     * Opens the .part and starts hashing what it holds already; false if it cannot be written (the
     * download is failed). Reader thread.
     */
    boolean open() {
        boolean oneBuffer = offset == 0 && size <= BufferPool.BUFFER_SIZE;
        try {
            files.createFolder();
            if (!oneBuffer) {
                writer = PartWriter.open(files.part(), offset, size - offset);
                if (offset == 0) {
                    files.mark(size, modified);
                }
            }
        } catch (IOException e) {
            failOnReader(e);
            return false;
        }
        if (oneBuffer) {
            inline = HashPipeline.sha256();
        } else {
            hashes = new HashPipeline(path.hashers(), this::hashed);
            download.checking(offset > 0);
            hashes.fromDisk(files.part(), offset, () -> download.checking(false));
        }
        return true;
    }

    /** Takes the data of one DATA frame; false if writing failed (the download is failed). Reader thread. */
    boolean receive(FrameReader reader) throws IOException {
        while (reader.dataRemaining() > 0) {
            if (current == null) {
                current = path.buffers().take();
                currentStart = position;
            }
            int n = reader.readData(current);
            path.received().took(n);
            position += n;
            // a full buffer goes on; so does a partial one when nothing more can come without it
            if (!current.hasRemaining() || position == size || position - offset == granted.get()) {
                if (!flush()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes the buffer being filled to the .part and hands it to the hash pipeline. */
    private boolean flush() {
        ByteBuffer buffer = current.flip();
        current = null;
        if (inline == null) {
            long start = currentStart;
            path.disk().execute(() -> writeThenHash(buffer, start));
            return true;
        }
        try {
            writer().write(buffer, currentStart);
        } catch (IOException e) {
            path.buffers().give(buffer);
            failOnReader(e);
            return false;
        }
        inline.update(buffer);
        path.buffers().give(buffer);
        return true;
    }

    /** Disk thread: writes a full buffer, then hands it to the hasher. */
    private void writeThenHash(ByteBuffer buffer, long start) {
        if (failed) {
            path.buffers().give(buffer);
            return;
        }
        try {
            writer.write(buffer, start);
        } catch (IOException e) {
            path.buffers().give(buffer);
            failed = true;
            hashes.abort();
            owner.writeFailed(e, true);
            return;
        }
        hashes.fromMemory(buffer);
    }

    /**
     * A buffer is hashed: give it back and let the server send as many bytes more, but never more
     * than the file still needs. Hashing thread.
     */
    private void hashed(ByteBuffer buffer) {
        int bytes = buffer.limit();
        path.buffers().give(buffer);
        if (!owner.current(attempt) || failed) {
            return;
        }
        long stillNeeded = size - offset - granted.get();
        if (stillNeeded > 0) {
            int increment = (int) Math.min(bytes, stillNeeded);
            granted.addAndGet(increment);
            requests.sendQuietly(attempt, new Message.Window(increment));
        }
    }

    /**
     * Every byte has arrived: once the last is written and hashed, hands the digest (or why there
     * is none) to {@code verify}, with the .part closed. For a file that fits in one buffer that
     * is now, on the reader thread; otherwise on a hashing thread, after every write.
     */
    void finish(BiConsumer<byte[], Throwable> verify) {
        if (inline != null) {
            try {
                writer().finish(size);
            } catch (IOException e) {
                failOnReader(e);
                return;
            }
            byte[] digest = inline.digest();
            closeWriter();
            verify.accept(digest, null);
            return;
        }
        path.disk().execute(() -> { // after every write of this download
            if (failed) {
                return;
            }
            try {
                writer.finish(size);
            } catch (IOException e) {
                failed = true;
                hashes.abort();
                owner.writeFailed(e, false);
                return;
            }
            hashes.finish().whenComplete((digest, failure) -> {
                closeWriter();
                verify.accept(digest, failure);
            });
        });
    }

    private void failOnReader(IOException cause) {
        failed = true;
        stop();
        owner.writeFailed(cause, true);
    }

    /**
     * Stops the download on this side: what arrived but is not yet on disk (the buffer being
     * filled) is written to the .part, so a later get resumes after every byte received; then the
     * .part is closed and the hashing stopped. Reader thread.
     */
    void stop() {
        if (hashes != null) {
            hashes.abort();
        }
        ByteBuffer pending = current;
        current = null;
        long start = currentStart;
        long end = position;
        boolean keep = !failed;
        Runnable last = () -> keepWhatArrived(pending, start, end, keep);
        if (inline != null || writer == null) {
            last.run();
            return;
        }
        // after the writes already queued, so the .part holds every byte received when the failure is reported
        try {
            path.disk().submit(last).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            last.run();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("could not finish writing {}: {}", files.part(), e.toString());
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
            log.debug("could not keep the last bytes of {}: {}", files.part(), e.toString());
        } finally {
            if (pending != null) {
                path.buffers().give(pending);
            }
            closeWriter();
        }
    }

    /** The .part writer, opened on first need. */
    private PartWriter writer() throws IOException {
        if (writer == null) {
            writer = PartWriter.open(files.part(), offset, size - offset);
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
