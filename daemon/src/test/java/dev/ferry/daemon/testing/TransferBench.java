package dev.ferry.daemon.testing;

import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One verified transfer, either way, with the same plain client code for both: read, hash, send
 * for a put; receive, hash, write for a get. What it measures is the daemon's side of each
 * direction, for {@code scripts/bench.sh} to set side by side; not a test.
 *
 * <pre>java -cp TEST-CLASSPATH dev.ferry.daemon.testing.TransferBench put|get HOST PORT FILE NAME [plain]</pre>
 */
public final class TransferBench {
    private static final int CHUNK = 1 << 20;

    private TransferBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        Path file = Path.of(args[3]);
        String name = args[4];
        if (args.length > 5 && args[5].equals("plain")) {
            RawClient.plainTextAt(address);
        }
        try (RawClient client = RawClient.admitted(address)) {
            long started = System.nanoTime();
            long bytes = mode.equals("put") ? put(client, file, name) : get(client, file, name);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s %d bytes in %.2f s (%.0f MiB/s)%n", mode, bytes, seconds, bytes / seconds / (1 << 20));
        }
    }

    private static long put(RawClient client, Path file, String name) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            Message answer = RawUpload.open(client, 1, new Message.Put(name, size, true, false));
            if (!(answer instanceof Message.PutReady ready)) {
                throw new IOException("PUT: " + answer);
            }
            long window = ready.window();
            OutputStream out = client.socket().getOutputStream();
            byte[] frame = new byte[Wire.HEADER_SIZE + CHUNK];
            long sent = 0;
            while (sent < size) {
                while (window == 0) {
                    Message grant = RawUpload.reply(client, 1);
                    if (!(grant instanceof Message.PutWindow w)) {
                        throw new IOException("during the upload: " + grant);
                    }
                    window += w.increment();
                }
                int n = (int) Math.min(Math.min(CHUNK, window), size - sent);
                ByteBuffer data = ByteBuffer.wrap(frame, Wire.HEADER_SIZE, n);
                while (data.hasRemaining()) {
                    in.read(data, sent + data.position() - Wire.HEADER_SIZE);
                }
                sha.update(frame, Wire.HEADER_SIZE, n);
                MessageCodec.putDataHeader(MessageType.PUT_DATA, 1, n, ByteBuffer.wrap(frame, 0, Wire.HEADER_SIZE));
                out.write(frame, 0, Wire.HEADER_SIZE + n);
                sent += n;
                window -= n;
            }
            client.send(1, new Message.PutEnd(sha.digest()));
            for (;;) {
                Message last = RawUpload.reply(client, 1);
                if (last instanceof Message.PutDone) {
                    return size;
                }
                if (!(last instanceof Message.PutWindow)) {
                    throw new IOException("at the end: " + last);
                }
            }
        }
    }

    private static long get(RawClient client, Path file, String name) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        client.send(1, new Message.Get(name, 0));
        ByteBuffer buffer = ByteBuffer.allocate(Wire.MAX_DATA_PAYLOAD);
        long received = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (;;) {
                Frame frame = client.next();
                Message message = frame.message();
                if (message instanceof Message.Data data) {
                    buffer.clear().limit(data.length());
                    byte[] payload = client.data();
                    sha.update(payload);
                    out.write(ByteBuffer.wrap(payload));
                    received += payload.length;
                } else if (message instanceof Message.FileEnd end) {
                    if (!Arrays.equals(end.sha256(), sha.digest())) {
                        throw new IOException("digest mismatch");
                    }
                    return received;
                } else if (message instanceof Message.ErrorReply error) {
                    throw new IOException("GET: " + error);
                }
            }
        }
    }
}
