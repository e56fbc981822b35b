package dev.ferry.protocol;

import dev.ferry.protocol.Message.About;
import dev.ferry.protocol.Message.AboutReply;
import dev.ferry.protocol.Message.Ack;
import dev.ferry.protocol.Message.Bye;
import dev.ferry.protocol.Message.Cancel;
import dev.ferry.protocol.Message.Chat;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.Data;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Exit;
import dev.ferry.protocol.Message.FileEnd;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message.FileChange;
import dev.ferry.protocol.Message.FileList;
import dev.ferry.protocol.Message.FilesChanged;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message.Hello;
import dev.ferry.protocol.Message.Help;
import dev.ferry.protocol.Message.HelpReply;
import dev.ferry.protocol.Message.Joined;
import dev.ferry.protocol.Message.Left;
import dev.ferry.protocol.Message.ListFiles;
import dev.ferry.protocol.Message.Notice;
import dev.ferry.protocol.Message.Ping;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.Message.Earlier;
import dev.ferry.protocol.Message.Msg;
import dev.ferry.protocol.Message.Private;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.Message.PutWindow;
import dev.ferry.protocol.Message.Say;
import dev.ferry.protocol.Message.Status;
import dev.ferry.protocol.Message.StatusReply;
import dev.ferry.protocol.Message.Uptime;
import dev.ferry.protocol.Message.Uploaded;
import dev.ferry.protocol.Message.UptimeReply;
import dev.ferry.protocol.Message.Watch;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.Message.Who;
import dev.ferry.protocol.Message.WhoReply;
import dev.ferry.protocol.Message.Window;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * Turns messages into frames and payloads back into messages. The byte layout of every payload is
 * in PROTOCOL.md; this class is its implementation. Stateless and thread-safe.
 */
public final class MessageCodec {
    private MessageCodec() {}

    /** Bytes of a list page before its entries: the {@code last} flag and the count. */
    private static final int PAGE_OVERHEAD = 1 + 4;

    /**
     * Encodes a whole frame, header included, ready to write. DATA frames are not built here: their
     * payload is file data sent straight from disk after {@link #putDataHeader}.
     */
    public static ByteBuffer encode(int id, Message message) {
        PayloadWriter out = new PayloadWriter(message.type());
        switch (message.type()) {
            case HELLO -> {
                Hello m = (Hello) message;
                out.u32(Wire.HELLO_MAGIC).u16(m.version()).string(m.software(), Wire.MAX_NAME_BYTES)
                        .string(m.key(), Wire.MAX_KEY_BYTES);
            }
            case GET -> {
                Get m = (Get) message;
                out.i64(m.offset()).u32(m.window()).string(m.name(), Wire.MAX_NAME_BYTES);
            }
            case PING -> out.i64(((Ping) message).token());
            case WINDOW -> out.u32(((Window) message).increment());
            case SAY -> out.string(((Say) message).text(), Wire.MAX_TEXT_BYTES);
            case MSG -> {
                Msg m = (Msg) message;
                out.string(m.to(), Wire.MAX_NAME_BYTES).string(m.text(), Wire.MAX_TEXT_BYTES);
            }
            case PUT -> {
                Put m = (Put) message;
                out.i64(m.size()).bool(m.overwrite()).bool(m.resume()).string(m.name(), Wire.MAX_NAME_BYTES);
            }
            case PUT_END -> out.raw(((PutEnd) message).sha256());
            case LIST, CANCEL, STATUS, WHO, UPTIME, HELP, ABOUT, EXIT, WATCH -> {
                // no payload
            }
            case WELCOME -> {
                Welcome m = (Welcome) message;
                out.u16(m.version()).string(m.clientName(), Wire.MAX_NAME_BYTES)
                        .string(m.server(), Wire.MAX_NAME_BYTES).u16(m.maxTransfers()).bool(m.write());
            }
            case REFUSED -> {
                Refused m = (Refused) message;
                out.errorCode(m.code()).string(m.reason(), Wire.MAX_REASON_BYTES);
            }
            case FILE_LIST -> {
                FileList m = (FileList) message;
                out.bool(m.last()).u32(m.files().size());
                for (FileEntry file : m.files()) {
                    out.string(file.name(), Wire.MAX_NAME_BYTES).i64(file.size()).time(file.modified());
                }
            }
            case FILE_HEADER -> {
                FileHeader m = (FileHeader) message;
                out.i64(m.size()).i64(m.offset()).time(m.modified());
            }
            case DATA, PUT_DATA -> throw new IllegalArgumentException(message.type() + " frames are written with putDataHeader");
            case FILE_END -> out.raw(((FileEnd) message).sha256());
            case STATUS_REPLY -> {
                StatusReply m = (StatusReply) message;
                out.bool(m.last()).u32(m.rows().size());
                for (ConnectionRow row : m.rows()) {
                    out.string(row.name(), Wire.MAX_NAME_BYTES).string(row.key(), Wire.MAX_NAME_BYTES)
                            .string(row.address(), Wire.MAX_NAME_BYTES).time(row.acceptedAt())
                            .optionalTime(row.finishedAt());
                }
            }
            case WHO_REPLY -> {
                WhoReply m = (WhoReply) message;
                out.bool(m.last()).u32(m.names().size());
                for (String name : m.names()) {
                    out.string(name, Wire.MAX_NAME_BYTES);
                }
            }
            case PONG -> out.i64(((Pong) message).token());
            case UPTIME_REPLY -> {
                UptimeReply m = (UptimeReply) message;
                out.time(m.startedAt()).i64(m.uptime().toMillis());
            }
            case HELP_REPLY -> out.string(((HelpReply) message).text(), Wire.MAX_REASON_BYTES);
            case ABOUT_REPLY -> {
                AboutReply m = (AboutReply) message;
                out.string(m.name(), Wire.MAX_NAME_BYTES).string(m.version(), Wire.MAX_NAME_BYTES)
                        .u16(m.protocol()).string(m.details(), Wire.MAX_REASON_BYTES);
            }
            case ACK -> out.string(((Ack) message).text(), Wire.MAX_TEXT_BYTES);
            case ERROR -> {
                ErrorReply m = (ErrorReply) message;
                out.errorCode(m.code()).string(m.message(), Wire.MAX_REASON_BYTES);
            }
            case BYE -> out.string(((Bye) message).reason(), Wire.MAX_REASON_BYTES);
            case JOINED -> {
                Joined m = (Joined) message;
                out.string(m.name(), Wire.MAX_NAME_BYTES).string(m.key(), Wire.MAX_NAME_BYTES)
                        .string(m.address(), Wire.MAX_NAME_BYTES).time(m.at());
            }
            case LEFT -> {
                Left m = (Left) message;
                out.string(m.name(), Wire.MAX_NAME_BYTES).time(m.at()).string(m.reason(), Wire.MAX_REASON_BYTES);
            }
            case CHAT -> {
                Chat m = (Chat) message;
                out.string(m.from(), Wire.MAX_NAME_BYTES).string(m.text(), Wire.MAX_TEXT_BYTES).time(m.at());
            }
            case NOTICE -> {
                Notice m = (Notice) message;
                out.errorCode(m.code()).string(m.text(), Wire.MAX_REASON_BYTES);
            }
            case PRIVATE -> {
                Private m = (Private) message;
                out.string(m.from(), Wire.MAX_NAME_BYTES).string(m.text(), Wire.MAX_TEXT_BYTES).time(m.at());
            }
            case EARLIER -> {
                Earlier m = (Earlier) message;
                out.string(m.from(), Wire.MAX_NAME_BYTES).string(m.text(), Wire.MAX_TEXT_BYTES).time(m.at());
            }
            case PUT_READY -> {
                PutReady m = (PutReady) message;
                out.i64(m.offset()).raw(m.heldSha256()).u32(m.window());
            }
            case PUT_WINDOW -> out.u32(((PutWindow) message).increment());
            case PUT_DONE -> {
                PutDone m = (PutDone) message;
                out.i64(m.size()).bool(m.replaced());
            }
            case FILES_CHANGED -> {
                FilesChanged m = (FilesChanged) message;
                out.bool(m.resync()).u32(m.changes().size());
                for (FileChange change : m.changes()) {
                    out.bool(!change.isGone()).string(change.name(), Wire.MAX_NAME_BYTES);
                    if (!change.isGone()) {
                        out.i64(change.entry().size()).time(change.entry().modified());
                    }
                }
            }
            case UPLOADED -> {
                Uploaded m = (Uploaded) message;
                out.string(m.client(), Wire.MAX_NAME_BYTES).string(m.name(), Wire.MAX_NAME_BYTES).i64(m.size())
                        .time(m.at());
            }
        }
        return out.frame(id);
    }

    /** Writes the 9-byte header of a DATA frame whose {@code length} payload bytes the caller sends next. */
    public static void putDataHeader(int id, int length, ByteBuffer dst) {
        putDataHeader(MessageType.DATA, id, length, dst);
    }

    /**
     * Writes the 9-byte header of a frame of file data, DATA (server to client) or PUT_DATA (client
     * to server), whose {@code length} payload bytes the caller sends next.
     */
    public static void putDataHeader(MessageType type, int id, int length, ByteBuffer dst) {
        if (!type.carriesFileData()) {
            throw new IllegalArgumentException(type + " frames carry no file data");
        }
        if (length < 0 || length > Wire.MAX_DATA_PAYLOAD) {
            throw new IllegalArgumentException(type + " length " + length + " outside 0.." + Wire.MAX_DATA_PAYLOAD);
        }
        dst.putInt(length).put((byte) type.code()).putInt(id);
    }

    /**
     * Decodes one payload of a known type. The whole buffer must be the payload: bytes left over are
     * an error, as are short payloads, bad UTF-8 and values out of range.
     */
    public static Message decode(MessageType type, ByteBuffer payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(type, payload);
        Message message;
        try {
            message = type == MessageType.HELLO ? hello(in) : decodeFields(type, in);
        } catch (IllegalArgumentException e) {
            throw in.fail(e.getMessage());
        }
        in.end();
        return message;
    }

    /**
     * HELLO is read as far as its version first. A HELLO of another version is not this version's
     * layout (version 1 has no key), so its software is read if it is there and the rest is left
     * unread: the server can then refuse it with UNSUPPORTED_VERSION, naming both versions,
     * instead of calling it malformed.
     */
    private static Hello hello(PayloadReader in) throws ProtocolException {
        int magic = in.i32("magic");
        if (magic != Wire.HELLO_MAGIC) {
            throw new ProtocolException("not a Ferry client: HELLO does not start with FRY1");
        }
        int version = in.u16("version");
        if (version != Wire.PROTOCOL_VERSION) {
            String software = in.remaining() >= 2 ? in.lenientString(Wire.MAX_NAME_BYTES) : "";
            in.skipRest();
            return new Hello(version, software);
        }
        return new Hello(version, in.string("software", Wire.MAX_NAME_BYTES), in.string("key", Wire.MAX_KEY_BYTES));
    }

    private static Message decodeFields(MessageType type, PayloadReader in) throws ProtocolException {
        return switch (type) {
            case HELLO -> hello(in);
            case LIST -> new ListFiles();
            case GET -> {
                long offset = in.u63("offset");
                int window = in.u31("window");
                yield new Get(in.string("name", Wire.MAX_NAME_BYTES), offset, window);
            }
            case CANCEL -> new Cancel();
            case STATUS -> new Status();
            case WHO -> new Who();
            case PING -> new Ping(in.i64("token"));
            case WINDOW -> new Window(in.u31("increment"));
            case UPTIME -> new Uptime();
            case HELP -> new Help();
            case ABOUT -> new About();
            case SAY -> new Say(in.string("text", Wire.MAX_TEXT_BYTES));
            case MSG -> new Msg(in.string("to", Wire.MAX_NAME_BYTES), in.string("text", Wire.MAX_TEXT_BYTES));
            case EXIT -> new Exit();
            case PUT -> {
                long size = in.u63("size");
                boolean overwrite = in.bool("overwrite");
                boolean resume = in.bool("resume");
                yield new Put(in.string("name", Wire.MAX_NAME_BYTES), size, overwrite, resume);
            }
            case PUT_DATA -> throw new IllegalStateException("PUT_DATA payloads are read with FrameReader.readData");
            case PUT_END -> new PutEnd(in.bytes(Wire.SHA256_BYTES, "sha256"));
            case WATCH -> new Watch();
            case WELCOME -> new Welcome(in.u16("version"), in.string("client name", Wire.MAX_NAME_BYTES),
                    in.string("server", Wire.MAX_NAME_BYTES), in.u16("max transfers"), in.bool("write"));
            case REFUSED -> new Refused(in.errorCode("code"), in.string("reason", Wire.MAX_REASON_BYTES));
            case FILE_LIST -> {
                boolean last = in.bool("last");
                int count = in.count("file count", 2 + 8 + 8);
                List<FileEntry> files = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    files.add(new FileEntry(in.string("file name", Wire.MAX_NAME_BYTES), in.u63("file size"),
                            in.time("modified")));
                }
                yield new FileList(files, last);
            }
            case FILE_HEADER -> new FileHeader(in.u63("size"), in.u63("offset"), in.time("modified"));
            case DATA -> throw new IllegalStateException("DATA payloads are read with FrameReader.readData");
            case FILE_END -> new FileEnd(in.bytes(Wire.SHA256_BYTES, "sha256"));
            case STATUS_REPLY -> {
                boolean last = in.bool("last");
                int count = in.count("row count", 2 + 2 + 2 + 8 + 8);
                List<ConnectionRow> rows = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    rows.add(new ConnectionRow(in.string("name", Wire.MAX_NAME_BYTES), in.string("key", Wire.MAX_NAME_BYTES),
                            in.string("address", Wire.MAX_NAME_BYTES), in.time("accepted"),
                            in.optionalTime("finished")));
                }
                yield new StatusReply(rows, last);
            }
            case WHO_REPLY -> {
                boolean last = in.bool("last");
                int count = in.count("name count", 2);
                List<String> names = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    names.add(in.string("name", Wire.MAX_NAME_BYTES));
                }
                yield new WhoReply(names, last);
            }
            case PONG -> new Pong(in.i64("token"));
            case UPTIME_REPLY -> new UptimeReply(in.time("started"), Duration.ofMillis(in.u63("uptime")));
            case HELP_REPLY -> new HelpReply(in.string("text", Wire.MAX_REASON_BYTES));
            case ABOUT_REPLY -> new AboutReply(in.string("name", Wire.MAX_NAME_BYTES),
                    in.string("version", Wire.MAX_NAME_BYTES), in.u16("protocol"),
                    in.string("details", Wire.MAX_REASON_BYTES));
            case ACK -> new Ack(in.string("text", Wire.MAX_TEXT_BYTES));
            case ERROR -> new ErrorReply(in.errorCode("code"), in.string("message", Wire.MAX_REASON_BYTES));
            case BYE -> new Bye(in.string("reason", Wire.MAX_REASON_BYTES));
            case JOINED -> new Joined(in.string("name", Wire.MAX_NAME_BYTES), in.string("key", Wire.MAX_NAME_BYTES),
                    in.string("address", Wire.MAX_NAME_BYTES), in.time("at"));
            case LEFT -> new Left(in.string("name", Wire.MAX_NAME_BYTES), in.time("at"),
                    in.string("reason", Wire.MAX_REASON_BYTES));
            case CHAT -> new Chat(in.string("from", Wire.MAX_NAME_BYTES), in.string("text", Wire.MAX_TEXT_BYTES),
                    in.time("at"));
            case NOTICE -> new Notice(in.errorCode("code"), in.string("text", Wire.MAX_REASON_BYTES));
            case PRIVATE -> new Private(in.string("from", Wire.MAX_NAME_BYTES), in.string("text", Wire.MAX_TEXT_BYTES),
                    in.time("at"));
            case EARLIER -> new Earlier(in.string("from", Wire.MAX_NAME_BYTES), in.string("text", Wire.MAX_TEXT_BYTES),
                    in.time("at"));
            case PUT_READY -> new PutReady(in.u63("offset"), in.bytes(Wire.SHA256_BYTES, "held sha256"), in.u31("window"));
            case PUT_WINDOW -> new PutWindow(in.u31("increment"));
            case PUT_DONE -> new PutDone(in.u63("size"), in.bool("replaced"));
            case FILES_CHANGED -> filesChanged(in);
            case UPLOADED -> new Uploaded(in.string("client", Wire.MAX_NAME_BYTES), in.string("name", Wire.MAX_NAME_BYTES),
                    in.u63("size"), in.time("at"));
        };
    }

    private static FilesChanged filesChanged(PayloadReader in) throws ProtocolException {
        boolean resync = in.bool("resync");
        int count = in.count("change count", 1 + 2);
        if (resync && count != 0) {
            throw in.fail("a resync carries no changes, not " + count);
        }
        List<FileChange> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean present = in.bool("present");
            String name = in.string("file name", Wire.MAX_NAME_BYTES);
            changes.add(present ? FileChange.present(new FileEntry(name, in.u63("file size"), in.time("modified")))
                    : FileChange.gone(name));
        }
        return new FilesChanged(changes, resync);
    }

    /** Bytes one change takes in a FILES_CHANGED payload. */
    public static int sizeOf(FileChange change) {
        return 1 + PayloadWriter.sizeOf(change.name()) + (change.isGone() ? 0 : 8 + 8);
    }

    /**
     * The FILES_CHANGED event for these changes if it fits in one frame, or a resync if it does not:
     * a burst of changes costs a client one frame at most.
     */
    public static FilesChanged filesChanged(List<FileChange> changes) {
        long bytes = PAGE_OVERHEAD;
        for (FileChange change : changes) {
            bytes += sizeOf(change);
            if (bytes > Wire.MAX_CONTROL_PAYLOAD) {
                return FilesChanged.resyncNeeded();
            }
        }
        return new FilesChanged(changes, false);
    }

    // ----------------------------------------------------------------- paging of long replies

    /** Splits a file list into FILE_LIST pages that each fit in one frame; at least one page. */
    public static List<FileList> fileListPages(List<FileEntry> files) {
        return pages(files, file -> PayloadWriter.sizeOf(file.name()) + 8 + 8, FileList::new);
    }

    /** Splits a connection history into STATUS_REPLY pages that each fit in one frame. */
    public static List<StatusReply> statusPages(List<ConnectionRow> rows) {
        return pages(rows, row -> PayloadWriter.sizeOf(row.name()) + PayloadWriter.sizeOf(row.key())
                + PayloadWriter.sizeOf(row.address()) + 8 + 8,
                StatusReply::new);
    }

    /** Splits a list of names into WHO_REPLY pages that each fit in one frame. */
    public static List<WhoReply> whoPages(List<String> names) {
        return pages(names, PayloadWriter::sizeOf, WhoReply::new);
    }

    private static <E, P> List<P> pages(List<E> items, ToIntFunction<E> size, BiFunction<List<E>, Boolean, P> page) {
        List<P> pages = new ArrayList<>();
        List<E> current = new ArrayList<>();
        int used = PAGE_OVERHEAD;
        for (E item : items) {
            int itemSize = size.applyAsInt(item);
            if (!current.isEmpty() && used + itemSize > Wire.MAX_CONTROL_PAYLOAD) {
                pages.add(page.apply(current, false));
                current = new ArrayList<>();
                used = PAGE_OVERHEAD;
            }
            current.add(item);
            used += itemSize;
        }
        pages.add(page.apply(current, true));
        return pages;
    }
}
