package dev.ferry.client.fake;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a {@link FakeServer}, played by the server's script on a thread of its own.
 * Frames are written whole whichever thread writes them: this session, the pacer that trickles,
 * or the test sending events.
 */
final class FakeSession {
    private final FakeServer server;
    private final FakeServer.Builder script;
    private final SocketChannel client;
    private final Thread thread;
    /** The id of the download waiting at the stall point, or null. */
    private volatile Integer stalled;
    private volatile boolean welcomed;
    private final FakeUploads uploads;

    FakeSession(FakeServer server, SocketChannel client) {
        this.server = server;
        this.script = server.script;
        this.client = client;
        this.thread = new Thread(this::serve, "fake-server-session");
        this.uploads = new FakeUploads(server, this::send);
    }

    void start() {
        thread.start();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    void event(Message.Event event) throws IOException {
        if (welcomed && client.isOpen()) {
            send(Wire.NO_ID, event);
        }
    }

    void bye(String reason) throws IOException {
        if (welcomed && client.isOpen()) {
            send(Wire.NO_ID, new Message.Bye(reason));
        }
    }

    void shutDown() throws IOException {
        if (!welcomed || !client.isOpen()) {
            return;
        }
        Integer id = stalled;
        stalled = null;
        if (id != null) {
            send(id, new Message.ErrorReply(ErrorCode.SHUTTING_DOWN,
                    "get " + script.file + " stopped: server shutting down; get it again to resume"));
        }
        send(Wire.NO_ID, new Message.Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"));
        send(Wire.NO_ID, new Message.Bye("ferryd is shutting down"));
    }

    private void serve() {
        try (client) {
            FrameReader reader = new FrameReader(client, Peer.CLIENT, 64 * 1024);
            Frame hello = reader.read();
            if (hello == null || !(hello.message() instanceof Message.Hello)) {
                return;
            }
            if (script.refusal != null) {
                send(Wire.NO_ID, new Message.Refused(script.refusal, script.refusalReason));
                return;
            }
            String name = server.nextClientName();
            send(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, name, server.software, 4, server.writable));
            welcomed = true;
            for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
                if (script.reset) {
                    client.setOption(StandardSocketOptions.SO_LINGER, 0); // the close below sends RST
                    return;
                }
                if (frame.message() instanceof Message.PutData && !server.silent) {
                    if (!uploads.data(frame.id(), reader)) {
                        return;
                    }
                    continue;
                }
                if (!answer(frame, name)) {
                    return;
                }
            }
        } catch (IOException ended) {
            // the client went away, or the test dropped it
        } finally {
            uploads.keepAll();
        }
    }

    /** Answers one request; false once the client has said goodbye. */
    private boolean answer(Frame frame, String name) throws IOException {
        int id = frame.id();
        Message message = frame.message();
        if (server.silent) {
            return true;
        }
        if (message instanceof Message.ListFiles || message instanceof Message.Watch) { // a WATCH is answered as a LIST; no events follow
            List<Message.FileEntry> files = new ArrayList<>();
            files.add(new Message.FileEntry(script.file, script.content.length, FakeServer.MODIFIED));
            server.otherFiles.forEach(other -> files.add(new Message.FileEntry(other, 1, FakeServer.MODIFIED)));
            send(id, new Message.FileList(files, true));
        } else if (message instanceof Message.Status) {
            send(id, new Message.StatusReply(List.of(new Message.ConnectionRow(name, "127.0.0.1:1", Instant.now(), null)), true));
        } else if (message instanceof Message.Get get) {
            get(id, get);
        } else if (message instanceof Message.Ping ping) {
            send(id, new Message.Pong(ping.token()));
            server.pings.add(ping.token());
        } else if (message instanceof Message.Window) {
            server.granted.countDown();
        } else if (message instanceof Message.Put put) {
            uploads.put(id, put);
        } else if (message instanceof Message.PutEnd end) {
            uploads.end(id, end);
        } else if (message instanceof Message.Cancel) {
            if (!uploads.cancel(id)) {
                send(id, new Message.ErrorReply(ErrorCode.CANCELLED, "cancelled"));
            }
        } else if (message instanceof Message.Say say) {
            send(id, new Message.Ack(say.text()));
        } else if (message instanceof Message.Exit) {
            send(id, new Message.Bye("goodbye"));
            return false;
        } else {
            send(id, new Message.ErrorReply(ErrorCode.UNKNOWN_COMMAND, "not here"));
        }
        return true;
    }

    private void get(int id, Message.Get get) throws IOException {
        server.getNames.add(get.name());
        if (!script.anyName && !get.name().equals(script.file)) {
            send(id, new Message.ErrorReply(ErrorCode.NO_SUCH_FILE, "no such file: " + get.name()));
            return;
        }
        server.gets.add(get.offset());
        byte[] content = script.content;
        int offset = (int) get.offset();
        send(id, new Message.FileHeader(content.length, offset, FakeServer.MODIFIED));
        boolean stalls = script.stallAt >= 0 && offset < script.stallAt;
        if (!stalls) {
            sendData(id, offset, content.length);
            send(id, new Message.FileEnd(server.digest));
            return;
        }
        stalled = id;
        if (script.trickle != null) {
            trickle(id, offset);
        } else {
            sendData(id, offset, (int) script.stallAt);
        }
    }

    private void sendData(int id, int from, int to) throws IOException {
        for (int start = from; start < to; start += 64 * 1024) {
            int length = Math.min(64 * 1024, to - start);
            ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + length);
            MessageCodec.putDataHeader(id, length, frame);
            frame.put(script.content, start, length).flip();
            write(frame);
        }
    }

    /** Sends from {@code from} up to the stall point, a chunk per tick of the pacer, while the session goes on reading. */
    private void trickle(int id, int from) {
        int[] next = {from};
        int end = (int) script.stallAt;
        server.pacer.scheduleAtFixedRate(() -> {
            if (next[0] >= end || server.silent || !client.isOpen()) {
                throw new CancellationException("done"); // ends this schedule
            }
            int to = Math.min(end, next[0] + FakeServer.TRICKLE_CHUNK);
            try {
                sendData(id, next[0], to);
            } catch (IOException e) {
                throw new CancellationException("the client went away");
            }
            next[0] = to;
            server.trickled.release();
        }, 0, script.trickle.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send(int id, Message message) throws IOException {
        write(MessageCodec.encode(id, message));
    }

    private void write(ByteBuffer frame) throws IOException {
        synchronized (client) {
            while (frame.hasRemaining()) {
                client.write(frame);
            }
        }
    }
}
