package dev.ferry.client.fake;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The fake server's side of uploads on one connection, as PROTOCOL.md's "Uploads" has it: PUT is
 * answered with PUT_READY (what the server holds of the name, and a window), PUT_DATA is taken
 * within the window and granted back with PUT_WINDOW, PUT_END is checked against the bytes and
 * answered PUT_DONE or ERROR. What an upload that stops part-way received is kept in
 * {@link FakeServer#held} for a later resume. Runs on the session's thread.
 */
final class FakeUploads {

    /** Sends a frame to the client. */
    interface Replies {
        void send(int id, Message message) throws IOException;
    }

    private static final class Receiving {
        final Message.Put put;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Receiving(Message.Put put, byte[] held) {
            this.put = put;
            bytes.writeBytes(held);
        }
    }

    private final FakeServer server;
    private final Replies replies;
    private final Map<Integer, Receiving> running = new HashMap<>();
    private long receivedHere;

    FakeUploads(FakeServer server, Replies replies) {
        this.server = server;
        this.replies = replies;
    }

    void put(int id, Message.Put put) throws IOException {
        server.puts.add(put);
        if (!server.writable) {
            replies.send(id, new Message.ErrorReply(ErrorCode.READ_ONLY, "this server takes no uploads"));
            return;
        }
        if (server.uploaded.containsKey(put.name()) && !put.overwrite()) {
            replies.send(id, new Message.ErrorReply(ErrorCode.EXISTS, put.name() + " exists on the server"));
            return;
        }
        byte[] held = put.resume() ? server.held.getOrDefault(put.name(), new byte[0]) : new byte[0];
        if (held.length > put.size()) {
            held = new byte[0];
        }
        server.held.remove(put.name());
        running.put(id, new Receiving(put, held));
        replies.send(id, new Message.PutReady(held.length, FakeServer.sha256(held), server.uploadWindow));
    }

    /** Takes one PUT_DATA frame's bytes; false if the script cuts the connection here. */
    boolean data(int id, FrameReader reader) throws IOException {
        Receiving upload = running.get(id);
        if (upload == null) {
            return true; // ignored, as the protocol says: it may have crossed an ERROR
        }
        ByteBuffer chunk = ByteBuffer.allocate(reader.dataRemaining());
        while (chunk.hasRemaining()) {
            reader.readData(chunk);
        }
        upload.bytes.write(chunk.array(), 0, chunk.capacity());
        receivedHere += chunk.capacity();
        server.uploadArrivals.add(new long[] {System.nanoTime(), chunk.capacity()});
        if (upload.bytes.size() > upload.put.size()) {
            throw new IOException("more data than the upload's size");
        }
        if (server.cutUploadsAfter >= 0 && receivedHere >= server.cutUploadsAfter) {
            keepAll();
            return false;
        }
        if (chunk.capacity() > 0 && !server.holdUploadWindows) {
            replies.send(id, new Message.PutWindow(chunk.capacity()));
        }
        return true;
    }

    void end(int id, Message.PutEnd end) throws IOException {
        Receiving upload = running.remove(id);
        if (upload == null) {
            return;
        }
        byte[] bytes = upload.bytes.toByteArray();
        if (!Arrays.equals(FakeServer.sha256(bytes), end.sha256())) {
            replies.send(id, new Message.ErrorReply(ErrorCode.DIGEST_MISMATCH, "put " + upload.put.name()
                    + ": the data does not match its SHA-256"));
            return;
        }
        boolean replaced = server.uploaded.containsKey(upload.put.name());
        if (replaced && !upload.put.overwrite()) {
            server.held.put(upload.put.name(), bytes);
            replies.send(id, new Message.ErrorReply(ErrorCode.EXISTS, upload.put.name() + " exists on the server"));
            return;
        }
        server.uploaded.put(upload.put.name(), bytes);
        replies.send(id, new Message.PutDone(bytes.length, replaced));
    }

    /** A CANCEL: true if it was for an upload, which then keeps what arrived and is answered CANCELLED. */
    boolean cancel(int id) throws IOException {
        Receiving upload = running.remove(id);
        if (upload == null) {
            return false;
        }
        server.held.put(upload.put.name(), upload.bytes.toByteArray());
        replies.send(id, new Message.ErrorReply(ErrorCode.CANCELLED, "cancelled"));
        return true;
    }

    /** The connection ends: every upload keeps what arrived. */
    void keepAll() {
        running.values().forEach(upload -> server.held.put(upload.put.name(), upload.bytes.toByteArray()));
        running.clear();
    }

}
