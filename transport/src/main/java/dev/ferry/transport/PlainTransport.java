package dev.ferry.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/** Ferry's frames straight on TCP, for loopback only: file data goes from the file to the socket with {@code sendfile}. */
public final class PlainTransport implements Transport {
    private final SocketChannel socket;

    public PlainTransport(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long left = 0;
        for (int i = offset; i < offset + length; i++) {
            left += srcs[i].remaining();
        }
        long total = left;
        int first = offset;
        int end = offset + length;
        while (left > 0) {
            left -= socket.write(srcs, first, end - first);
            while (first < end && !srcs[first].hasRemaining()) {
                first++;
            }
        }
        return total;
    }

    @Override
    public boolean writeNow(ByteBuffer[] batch) throws IOException {
        int first = Buffers.firstWithRemaining(batch, 0);
        if (first == batch.length) {
            return true;
        }
        socket.configureBlocking(false);
        try {
            while (first < batch.length) {
                if (socket.write(batch, first, batch.length - first) == 0) {
                    return false; // the socket's buffer is full: the peer is not keeping up
                }
                first = Buffers.firstWithRemaining(batch, first);
            }
            return true;
        } finally {
            socket.configureBlocking(true);
        }
    }

    @Override
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = file.transferTo(position + sent, count - sent, socket);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (position + sent >= file.size()) {
                break; // the file ends here
            }
            // sendfile took nothing though the file goes on: this slice goes through a buffer
            long copied = copy(file, position + sent, Math.min(COPY_BUFFER, count - sent));
            if (copied <= 0) {
                break;
            }
            sent += copied;
        }
        return sent;
    }

    private static final int COPY_BUFFER = 64 * 1024;

    private long copy(FileChannel file, long position, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) count);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        long length = buffer.remaining();
        while (buffer.hasRemaining()) {
            socket.write(buffer);
        }
        return length;
    }

    @Override
    public void finishOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public SocketChannel socket() {
        return socket;
    }

    @Override
    public String description() {
        return "plain text";
    }

    @Override
    public boolean encrypted() {
        return false;
    }
}
