package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.PartialFile;
import dev.ferry.daemon.repository.UploadFolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * One upload while it runs: the folder it lands in, the partial it is written to, how far it has
 * come, the window the client may still fill, and the digest of everything so far. Its data is
 * written by its session's reader alone; its window is also widened by the timer that paces
 * uploads ({@link UploadGrants}), so the window's accounting takes the upload's monitor.
 */
final class Upload {
    private final int id;
    private final String name;
    private final long size;
    private final long offset;
    private final boolean overwrite;
    private final UploadFolder folder;
    private final PartialFile partial;
    private final Object partialKey;
    private final MessageDigest digest;
    private final long startedNanos = System.nanoTime();
    /** Read by the thread that ends the session, to tell the client how much is kept. */
    private volatile long position;
    /** Data bytes the client may still send before the next grant; guarded by {@code this}. */
    private long window;
    /** Bytes written since the last grant was sent; guarded by {@code this}. */
    private long sinceGrant;
    /** Set once the upload has stopped: no grant goes out for it after that; guarded by {@code this}. */
    private boolean stopped;
    /** A paced grant is scheduled for later; guarded by {@code this}. */
    private boolean grantDue;
    /** PUT_READY is sent: data and PUT_END may come; guarded by {@code this}. */
    private boolean ready;
    /** Its last frame is sent and its name let go of, by whichever thread came first; guarded by {@code this}. */
    private boolean finished;

    Upload(int id, String name, long size, long offset, boolean overwrite, UploadFolder folder, PartialFile partial,
            Object partialKey, MessageDigest digest, long window) {
        this.id = id;
        this.name = name;
        this.size = size;
        this.offset = offset;
        this.overwrite = overwrite;
        this.folder = folder;
        this.partial = partial;
        this.partialKey = partialKey;
        this.digest = digest;
        this.position = offset;
        this.window = window;
    }

    int id() {
        return id;
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    long offset() {
        return offset;
    }

    long position() {
        return position;
    }

    synchronized long window() {
        return window;
    }

    boolean overwrite() {
        return overwrite;
    }

    UploadFolder folder() {
        return folder;
    }

    Object partialKey() {
        return partialKey;
    }

    long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** The client announced {@code length} data bytes: they come out of its window. */
    synchronized void announced(int length) {
        window -= length;
    }

    /** Hashes and writes bytes that arrived, at the upload's position. */
    void write(ByteBuffer bytes) throws IOException {
        digest.update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        position += partial.write(bytes, position);
    }

    /** Bytes written since the last grant, and whether granting them would let the client send more than is left. */
    synchronized void written(long count) {
        sinceGrant += count;
    }

    /**
     * How much more the client may send now, or 0 to wait: a grant goes out once {@code step}
     * bytes were written since the last, and never beyond the end of the file.
     */
    synchronized long grant(long step) {
        long beyondWindow = size - position - window;
        if (beyondWindow <= 0 || sinceGrant < Math.min(step, beyondWindow)) {
            return 0;
        }
        long grant = Math.min(sinceGrant, beyondWindow);
        sinceGrant = 0;
        window += grant;
        return grant;
    }

    /**
     * How much more the client may send now under a pace: the window is topped up towards
     * {@code most} bytes outstanding, never beyond the end of the file, with what {@code pacer}
     * grants at once (perhaps nothing). Nothing once the upload has stopped.
     */
    synchronized long pacedGrant(dev.ferry.daemon.bandwidth.Pacer pacer, long most) {
        long wanted = wanted(most);
        if (wanted <= 0) {
            return 0;
        }
        int granted = pacer.grant((int) wanted);
        window += granted;
        return granted;
    }

    /** The bytes a paced grant would still give, {@code most} outstanding at most; 0 once stopped. */
    synchronized long wanted(long most) {
        return stopped ? 0 : Math.min(size - position - window, most - window);
    }

    /** Marks a paced grant as scheduled; false if one is already. */
    synchronized boolean scheduleGrant() {
        if (grantDue || stopped) {
            return false;
        }
        grantDue = true;
        return true;
    }

    /** The scheduled grant has come. */
    synchronized void grantCame() {
        grantDue = false;
    }

    /** True once the upload has stopped. */
    synchronized boolean stopped() {
        return stopped;
    }

    /** The SHA-256 of every byte written, those held before included. */
    byte[] finish() {
        return digest.digest();
    }

    /**
     * Runs the bytes held from an earlier attempt through the digest, so the whole file is hashed;
     * off the session's reader (a GiB takes a second or two). Fails if the upload stops meanwhile.
     */
    void hashHeld() throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        long at = 0;
        while (at < offset) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), offset - at));
            int n = partial.channel().read(scratch, at);
            if (n < 0) {
                throw new IOException("the partial ended early");
            }
            digest.update(scratch.array(), 0, n);
            at += n;
        }
    }

    /** The digest of what is held: the bytes before {@link #offset}, once {@link #hashHeld} is done. */
    byte[] heldDigest() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** PUT_READY goes out with this window: from now on the client may send. */
    synchronized void open(long window) {
        this.window = window;
        this.ready = true;
    }

    /** True once PUT_READY is sent. */
    synchronized boolean ready() {
        return ready;
    }

    /** Claims the upload's end: true for the first caller only, who sends its last frame and lets go of its name. */
    synchronized boolean finishOnce() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    /** Makes every byte written durable: after a power cut the partial holds them all. */
    void sync() throws IOException {
        partial.sync();
    }

    void closePartial() {
        synchronized (this) {
            stopped = true;
        }
        try {
            partial.close();
        } catch (IOException e) {
            // written bytes are in the file already; a failed close loses nothing we rely on
        }
    }
}
