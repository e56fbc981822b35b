package dev.ferry.client.transfer;

import dev.ferry.client.connection.Requests;
import dev.ferry.client.failure.FerryException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every transfer of one connection, both ways, and everything they run on: the hashing threads,
 * the disk thread, the data buffers, the transfer slots the server allows, the partial files'
 * marks and the rate limit. Calls are made here and given only what they use; nothing reaches
 * back into the client for it.
 *
 * <p>Executors: {@code ferry-hash NAME-n} (one fewer than the cores, at least one: one core stays
 * free for the reader, so replies are read promptly however many files hash) and
 * {@code ferry-disk NAME-1} (writes downloads in order, so the reader only moves bytes off the
 * socket) and {@code ferry-send NAME-1} (reads uploads and sends them, a buffer of each in turn,
 * under the rate limit). Both are shut down by {@link #close} or when the connection ends
 * ({@link #connectionLost}), whichever comes first.
 */
public final class TransferEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransferEngine.class);

    /** Buffers kept for reuse when transfers return them. */
    private static final int KEPT_BUFFERS = 16;

    private final Requests requests;
    private final ExecutorService hashers;
    private final ExecutorService disk;
    /** Reads uploads' data and sends it, one buffer at a time, every upload in turn. */
    private final ExecutorService sender;
    private final RateLimit sendRate;
    private final int largestSend;
    private final BufferPool buffers = new BufferPool(KEPT_BUFFERS);
    private final TransferSlots slots;
    private final RateLimit receiveRate;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final DataPath path;
    private final UploadSender.Sending sending;
    /** How .part files are marked as Ferry's; tests put in a file system that keeps no marks. */
    private volatile PartFile marks = PartFile.ATTRIBUTES;

    /**
     * @param requests the connection the transfers run on
     * @param clientName names the threads
     * @param maxTransfers transfers the server lets this client have in flight at once
     * @param bytesPerSecond most file data a second each way, 0 for no limit
     */
    public TransferEngine(Requests requests, String clientName, int maxTransfers, long bytesPerSecond) {
        this.requests = requests;
        this.slots = new TransferSlots(maxTransfers);
        this.receiveRate = RateLimit.of(bytesPerSecond);
        this.hashers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                threads("ferry-hash " + clientName));
        this.disk = Executors.newSingleThreadExecutor(threads("ferry-disk " + clientName));
        this.sender = Executors.newSingleThreadExecutor(threads("ferry-send " + clientName));
        this.sendRate = RateLimit.of(bytesPerSecond);
        // under a limit, about ten sends a second (at least 16 KiB each): the pace is even, not a burst a second
        this.largestSend = bytesPerSecond <= 0 ? BufferPool.BUFFER_SIZE
                : (int) Math.max(16 << 10, Math.min(BufferPool.BUFFER_SIZE, bytesPerSecond / 10));
        this.sending = new UploadSender.Sending() {
            @Override
            public void execute(Runnable task) {
                sender.execute(task);
            }

            @Override
            public void took(int bytes) {
                sent.addAndGet(bytes);
                sendRate.took(bytes);
            }

            @Override
            public int largest() {
                return largestSend;
            }
        };
        this.path = new DataPath(buffers, disk, hashers, bytes -> {
            received.addAndGet(bytes);
            receiveRate.took(bytes);
        });
    }

    /**
     * Downloads a file into {@code folder}, at the same relative path, verified by SHA-256. Starts
     * now, or as soon as a transfer slot is free. Asking again for a file already on its way to
     * the same place returns that download.
     *
     * @param overwrite replace an existing file; otherwise an existing file fails the download
     */
    public Download download(String name, Path folder, boolean overwrite, DownloadListener progress) {
        Path target;
        try {
            target = LocalNames.target(folder, name);
        } catch (FerryException e) {
            Download refused = new Download(name, folder.resolve("-"));
            refused.result().completeExceptionally(e);
            return refused;
        }
        Download download = new Download(name, target);
        Destination files = new Destination(name, folder, target, overwrite, () -> marks);
        return slots.start(new DownloadCall(requests, slots, path, files, download, progress)).download();
    }

    /**
     * Uploads {@code source}, a regular file, to the server as {@code name} (relative, with {@code /}
     * between folders), verified there by SHA-256 before it gets the name. Starts now, or as soon
     * as a transfer slot is free; what the server holds of an earlier upload of the name is not
     * sent again. Asking again for an upload of a name on its way returns that upload.
     *
     * @param overwrite replace a file of that name on the server (if the server lets this client)
     */
    public Upload upload(Path source, String name, boolean overwrite, UploadListener progress) {
        Upload upload = new Upload(name, source);
        return slots.start(new UploadCall(requests, slots, path, sending, upload, overwrite, progress)).upload();
    }

    /** File data received on this connection so far, in bytes. */
    public long dataBytesReceived() {
        return received.get();
    }

    /** File data sent on this connection so far, in bytes. */
    public long dataBytesSent() {
        return sent.get();
    }

    /** The connection has ended: transfers still waiting for a slot fail with {@code lost}, the threads stop. */
    public void connectionLost(FerryException lost) {
        slots.drain().forEach(call -> call.fail(lost));
        close();
    }

    /** Stops the threads; transfers still running keep their partial files. */
    @Override
    public void close() {
        hashers.shutdown();
        disk.shutdown();
        sender.shutdown();
    }

    /** How .part files are marked; for tests of a file system that keeps no marks. */
    void marks(PartFile partMarks) {
        this.marks = partMarks;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
            return thread;
        };
    }
}
