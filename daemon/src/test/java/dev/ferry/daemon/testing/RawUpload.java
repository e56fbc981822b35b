package dev.ferry.daemon.testing;

import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.Message.PutWindow;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * An upload driven frame by frame over a {@link RawClient}, as PROTOCOL.md describes it: PUT, then
 * PUT_DATA within the windows the server grants, then PUT_END with the digest. Counts the data
 * bytes it sent, so tests can tell what a resume cost.
 */
public final class RawUpload {
    /** The upload settings of a test daemon that takes uploads from everyone and keeps no space free. */
    public static final DaemonConfig.Uploads OPEN = new DaemonConfig.Uploads(true, Long.MAX_VALUE, 0, Duration.ofHours(24));

    private final RawClient client;
    private final int id;
    private long window;
    private long sent;

    private RawUpload(RawClient client, int id) {
        this.client = client;
        this.id = id;
    }

    /** Uploads {@code content} under {@code name} to its end; returns the last frame's message (PUT_DONE or ERROR). */
    public static Message upload(RawClient client, int id, String name, byte[] content, boolean overwrite) throws IOException {
        return upload(client, id, name, content, overwrite, true);
    }

    /** As above; with {@code resume} false, whatever the server holds of an earlier attempt is not taken. */
    public static Message upload(RawClient client, int id, String name, byte[] content, boolean overwrite, boolean resume)
            throws IOException {
        client.send(id, new Put(name, content.length, overwrite, resume));
        Message answer = reply(client, id);
        if (!(answer instanceof PutReady ready)) {
            return answer;
        }
        RawUpload upload = new RawUpload(client, id);
        upload.window = ready.window();
        return upload.send(content, (int) ready.offset(), content.length, 1 << 20) ? upload.finish(content) : upload.last;
    }

    /** Starts an upload: sends PUT and returns PUT_READY, or the ERROR. */
    public static Message open(RawClient client, int id, Put put) throws IOException {
        client.send(id, put);
        return reply(client, id);
    }

    /** An upload PUT_READY accepted, to drive by hand. */
    public static RawUpload accepted(RawClient client, int id, PutReady ready) {
        RawUpload upload = new RawUpload(client, id);
        upload.window = ready.window();
        return upload;
    }

    private Message last;

    /**
     * Sends {@code content[from, to)} in frames of at most {@code chunk} bytes, waiting for
     * PUT_WINDOW whenever the window is spent. False if an ERROR came instead ({@link #last}).
     */
    public boolean send(byte[] content, int from, int to, int chunk) throws IOException {
        int at = from;
        while (at < to) {
            while (window == 0) {
                Message message = reply(client, id);
                if (message instanceof PutWindow grant) {
                    window += grant.increment();
                } else {
                    last = message;
                    return false;
                }
            }
            int n = (int) Math.min(Math.min(chunk, to - at), window);
            ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + n);
            MessageCodec.putDataHeader(MessageType.PUT_DATA, id, n, frame);
            frame.put(content, at, n).flip();
            client.sendRaw(frame);
            at += n;
            window -= n;
            sent += n;
        }
        return true;
    }

    /** Sends PUT_END with the digest of all of {@code content}; returns PUT_DONE or the ERROR, grants on the way skipped. */
    public Message finish(byte[] content) throws IOException {
        client.send(id, new PutEnd(sha256(content)));
        for (;;) {
            Message message = reply(client, id);
            if (!(message instanceof PutWindow)) {
                return message;
            }
        }
    }

    /** Data bytes sent so far. */
    public long sent() {
        return sent;
    }

    /** The ERROR that stopped {@link #send}, if one did. */
    public Message last() {
        return last;
    }

    /** The next frame for {@code id}, events and other requests' frames skipped; an ERROR with id 0 is returned too. */
    public static Message reply(RawClient client, int id) throws IOException {
        for (;;) {
            Frame frame = client.next();
            if (frame == null) {
                throw new IOException("the server closed the connection");
            }
            if (frame.id() == id || (frame.id() == Wire.NO_ID && frame.message() instanceof Message.ErrorReply)) {
                return frame.message();
            }
        }
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes that differ from one position to the next, so a misplaced chunk shows. */
    public static byte[] content(int size, int seed) {
        byte[] bytes = new byte[size];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return bytes;
    }
}
