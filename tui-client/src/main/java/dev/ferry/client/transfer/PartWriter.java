package dev.ferry.client.transfer;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a download's .part file. A large download is written with direct I/O: the data goes from
 * the receive buffers to the disk without first being copied into the page cache, which takes
 * that copy (and a large share of the CPU a transfer costs) off the machine, and leaves the rest
 * of the page cache alone. Direct writes must be aligned, so every piece starts at a multiple of
 * {@link BufferPool#ALIGNMENT} and the last one is padded and the file cut back to size at the
 * end. Where the file system refuses direct I/O (tmpfs, for one), or for small files, the writes
 * are ordinary. Used by the reader thread only.
 */
final class PartWriter implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PartWriter.class);

    /** Downloads smaller than this are written through the page cache: direct I/O would only add latency. */
    static final long DIRECT_FROM = 8L << 20;

    private final Path part;
    private FileChannel channel;
    private boolean direct;
    private boolean padded;

    private PartWriter(Path part, FileChannel channel, boolean direct) {
        this.part = part;
        this.channel = channel;
        this.direct = direct;
    }

    /**
     * Opens the part file for {@code bytes} more bytes of data written from {@code offset} (a
     * multiple of {@link BufferPool#ALIGNMENT} when direct I/O is to be used): created if missing,
     * and cut to {@code offset} bytes if an earlier attempt left more.
     */
    static PartWriter open(Path part, long offset, long bytes) throws IOException {
        PartWriter writer = null;
        if (bytes >= DIRECT_FROM && offset % BufferPool.ALIGNMENT == 0) {
            try {
                writer = new PartWriter(part, FileChannel.open(part, mode(offset, ExtendedOpenOption.DIRECT)), true);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("no direct I/O for {}: {}", part, e.toString());
            }
        }
        if (writer == null) {
            writer = new PartWriter(part, FileChannel.open(part, mode(offset)), false);
        }
        if (offset > 0 && writer.channel.size() > offset) {
            writer.channel.truncate(offset);
        }
        return writer;
    }

    /** Open options: a fresh download starts from an empty file, a resumed one keeps what is there. */
    private static java.util.Set<java.nio.file.OpenOption> mode(long offset, java.nio.file.OpenOption... more) {
        java.util.Set<java.nio.file.OpenOption> options = new java.util.HashSet<>(
                java.util.List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        if (offset == 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        options.addAll(java.util.List.of(more));
        return options;
    }

    /**
     * Writes the buffer's remaining bytes at {@code position}; afterwards the buffer's position and
     * limit are as they were before the call.
     */
    void write(ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        int limit = buffer.limit();
        try {
            if (direct) {
                writeDirect(buffer, position);
            } else {
                writeAll(channel, buffer, position);
            }
        } finally {
            buffer.limit(limit).position(start);
        }
    }

    private void writeDirect(ByteBuffer buffer, long position) throws IOException {
        int length = buffer.remaining();
        int rounded = (length + BufferPool.ALIGNMENT - 1) / BufferPool.ALIGNMENT * BufferPool.ALIGNMENT;
        if (rounded != length) {
            buffer.limit(buffer.position() + rounded); // the padding is cut off again by finish()
            padded = true;
        }
        try {
            writeAll(channel, buffer, position);
        } catch (IOException e) {
            if (!"Invalid argument".equals(e.getMessage())) {
                throw e;
            }
            // the file system took the open but not the write: carry on without direct I/O
            log.debug("direct write refused for {}; writing through the page cache", part);
            buffer.limit(buffer.position() + length);
            channel.close();
            channel = buffered(part);
            direct = false;
            writeAll(channel, buffer, position);
        }
    }

    /** Cuts off any padding the last direct write added; the file then ends at {@code size}. */
    void finish(long size) throws IOException {
        if (padded) {
            channel.truncate(size);
            padded = false;
        }
    }

    boolean direct() {
        return direct;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static FileChannel buffered(Path part) throws IOException {
        return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static void writeAll(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
