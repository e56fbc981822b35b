package dev.ferry.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Every message Ferry sends, one record per frame type. Business logic sees only these; bytes are
 * turned into them by {@link MessageCodec} and {@link FrameReader}.
 *
 * <p>{@link ToServer} messages travel from client to server; {@link ToClient} messages the other
 * way; {@link Event}s are server-pushed and may arrive at any time after WELCOME.
 */
public sealed interface Message {

    /** The frame type that carries this message. */
    MessageType type();

    /** A message a client sends. */
    sealed interface ToServer extends Message {}

    /** A message a server sends. */
    sealed interface ToClient extends Message {}

    /** A server-pushed notification; always carried with request id 0. */
    sealed interface Event extends ToClient {}

    // ----------------------------------------------------------------- client to server

    /**
     * First frame on every connection: the client's protocol version, its software and its access
     * key's secret ({@code ""} for none). The secret never appears in {@link #toString()}.
     */
    record Hello(int version, String software, String key) implements ToServer {
        public Hello {
            Objects.requireNonNull(software, "software");
            Objects.requireNonNull(key, "key");
        }

        /** A HELLO without an access key. */
        public Hello(int version, String software) {
            this(version, software, "");
        }

        /** True if the client presented an access key. */
        public boolean hasKey() {
            return !key.isEmpty();
        }

        public MessageType type() {
            return MessageType.HELLO;
        }

        @Override
        public String toString() {
            return "Hello[version=" + version + ", software=" + software + ", key=" + (key.isEmpty() ? "none" : "(secret)") + "]";
        }
    }

    /** Asks for the repository's files. */
    record ListFiles() implements ToServer {
        public MessageType type() {
            return MessageType.LIST;
        }
    }

    /**
     * Asks for one file, from {@code offset} on. {@code window} is how many data bytes the server
     * may send before the client grants more with WINDOW.
     */
    record Get(String name, long offset, int window) implements ToServer {
        public Get {
            Objects.requireNonNull(name, "name");
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
            if (window < Wire.MIN_WINDOW || window > Wire.MAX_WINDOW) {
                throw new IllegalArgumentException("window " + window + " outside " + Wire.MIN_WINDOW + ".." + Wire.MAX_WINDOW);
            }
        }

        /** A GET with the largest window: for peers that never send WINDOW. */
        public Get(String name, long offset) {
            this(name, offset, Wire.MAX_WINDOW);
        }

        public MessageType type() {
            return MessageType.GET;
        }
    }

    /** Lets the transfer with this frame's request id send {@code increment} more data bytes. */
    record Window(int increment) implements ToServer {
        public Window {
            if (increment <= 0) {
                throw new IllegalArgumentException("window increment must be positive, not " + increment);
            }
        }

        public MessageType type() {
            return MessageType.WINDOW;
        }
    }

    /**
     * Asks for the repository's files, as LIST does, and for FILES_CHANGED events from then on,
     * for as long as the connection lasts.
     */
    record Watch() implements ToServer {
        public MessageType type() {
            return MessageType.WATCH;
        }
    }

    /** Stops the transfer with this frame's request id; the server answers ERROR CANCELLED. */
    record Cancel() implements ToServer {
        public MessageType type() {
            return MessageType.CANCEL;
        }
    }

    /** Asks for the connection history. */
    record Status() implements ToServer {
        public MessageType type() {
            return MessageType.STATUS;
        }
    }

    /** Asks who is connected now. */
    record Who() implements ToServer {
        public MessageType type() {
            return MessageType.WHO;
        }
    }

    /** Asks for a PONG carrying the same token. */
    record Ping(long token) implements ToServer {
        public MessageType type() {
            return MessageType.PING;
        }
    }

    /** Asks how long the server has been up. */
    record Uptime() implements ToServer {
        public MessageType type() {
            return MessageType.UPTIME;
        }
    }

    /** Asks for the server's command summary. */
    record Help() implements ToServer {
        public MessageType type() {
            return MessageType.HELP;
        }
    }

    /** Asks for the server's name and version. */
    record About() implements ToServer {
        public MessageType type() {
            return MessageType.ABOUT;
        }
    }

    /** A chat message: acknowledged to the sender, pushed to everyone else as CHAT. */
    record Say(String text) implements ToServer {
        public Say {
            Objects.requireNonNull(text, "text");
        }

        public MessageType type() {
            return MessageType.SAY;
        }
    }

    /** A private message to one client: acknowledged to the sender, pushed to {@code to} alone as PRIVATE. */
    record Msg(String to, String text) implements ToServer {
        public Msg {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(text, "text");
        }

        public MessageType type() {
            return MessageType.MSG;
        }
    }

    /**
     * Opens an upload of {@code size} bytes under {@code name} (relative to the repository root,
     * with {@code /} between folders). {@code overwrite}: the client asks to replace a file of that
     * name. {@code resume}: the server may keep what it holds of an earlier, unfinished upload of
     * this name; false makes it start again from the first byte. Answered by PUT_READY or ERROR.
     */
    record Put(String name, long size, boolean overwrite, boolean resume) implements ToServer {
        public Put {
            Objects.requireNonNull(name, "name");
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
        }

        /** A PUT that takes whatever the server holds of an earlier attempt. */
        public Put(String name, long size, boolean overwrite) {
            this(name, size, overwrite, true);
        }

        public MessageType type() {
            return MessageType.PUT;
        }
    }

    /**
     * A PUT_DATA frame's header: {@code length} bytes of the upload with this frame's id follow it on
     * the wire. The server's reader hands them out with {@link FrameReader#readData}, as it does DATA.
     */
    record PutData(int length) implements ToServer {
        public PutData {
            if (length < 0 || length > Wire.MAX_DATA_PAYLOAD) {
                throw new IllegalArgumentException("data length " + length);
            }
        }

        public MessageType type() {
            return MessageType.PUT_DATA;
        }
    }

    /**
     * All data of the upload with this frame's id was sent; {@code sha256} is the digest of the
     * whole file, the bytes the server held before PUT_READY included. Answered by PUT_DONE or ERROR.
     */
    record PutEnd(byte[] sha256) implements ToServer {
        public PutEnd {
            sha256 = Digests.copy(sha256);
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        /** The digest as 64 lower-case hex digits. */
        public String hex() {
            return HexFormat.of().formatHex(sha256);
        }

        public MessageType type() {
            return MessageType.PUT_END;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PutEnd end && Arrays.equals(sha256, end.sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256);
        }

        @Override
        public String toString() {
            return "PutEnd[sha256=" + hex() + "]";
        }
    }

    /** Ends the session: the server answers BYE and closes. */
    record Exit() implements ToServer {
        public MessageType type() {
            return MessageType.EXIT;
        }
    }

    // ----------------------------------------------------------------- server to client

    /**
     * The handshake succeeded: the server's protocol version, the name assigned to the client, the
     * server software, how many transfers the client may have in flight at once, and whether the
     * client may change the repository ({@code write}) or only read it.
     */
    record Welcome(int version, String clientName, String server, int maxTransfers, boolean write) implements ToClient {
        public Welcome {
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(server, "server");
            if (maxTransfers < 1 || maxTransfers > 0xFFFF) {
                throw new IllegalArgumentException("maxTransfers " + maxTransfers + " outside 1..65535");
            }
        }

        /** A WELCOME for a client that may only read. */
        public Welcome(int version, String clientName, String server, int maxTransfers) {
            this(version, clientName, server, maxTransfers, false);
        }

        public MessageType type() {
            return MessageType.WELCOME;
        }
    }

    /** The handshake failed; the server closes after sending this. */
    record Refused(ErrorCode code, String reason) implements ToClient {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        public MessageType type() {
            return MessageType.REFUSED;
        }
    }

    /** One page of the file list; the reply ends with the page whose {@code last} is true. */
    record FileList(List<FileEntry> files, boolean last) implements ToClient {
        public FileList {
            files = List.copyOf(files);
        }

        public MessageType type() {
            return MessageType.FILE_LIST;
        }
    }

    /** A file in the repository: its name relative to the repository root, size and modification time. */
    record FileEntry(String name, long size, Instant modified) {
        public FileEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(modified, "modified");
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
        }
    }

    /**
     * A GET was accepted: the whole file's size, the offset data starts at, the file's modification
     * time. DATA frames follow, then FILE_END (or ERROR).
     */
    record FileHeader(long size, long offset, Instant modified) implements ToClient {
        public FileHeader {
            Objects.requireNonNull(modified, "modified");
            if (size < 0 || offset < 0 || offset > size) {
                throw new IllegalArgumentException("offset " + offset + " and size " + size + " disagree");
            }
        }

        public MessageType type() {
            return MessageType.FILE_HEADER;
        }
    }

    /**
     * A DATA frame's header: {@code length} bytes of file data follow it on the wire. The reader
     * hands them out with {@link FrameReader#readData} rather than copying them into a message.
     */
    record Data(int length) implements ToClient {
        public Data {
            if (length < 0 || length > Wire.MAX_DATA_PAYLOAD) {
                throw new IllegalArgumentException("data length " + length);
            }
        }

        public MessageType type() {
            return MessageType.DATA;
        }
    }

    /** All data of a transfer was sent; {@code sha256} is the digest of the whole file. */
    record FileEnd(byte[] sha256) implements ToClient {
        public FileEnd {
            sha256 = Digests.copy(sha256);
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        /** The digest as 64 lower-case hex digits. */
        public String hex() {
            return HexFormat.of().formatHex(sha256);
        }

        public MessageType type() {
            return MessageType.FILE_END;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FileEnd end && Arrays.equals(sha256, end.sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256);
        }

        @Override
        public String toString() {
            return "FileEnd[sha256=" + hex() + "]";
        }
    }

    /** One page of the connection history; the reply ends with the page whose {@code last} is true. */
    record StatusReply(List<ConnectionRow> rows, boolean last) implements ToClient {
        public StatusReply {
            rows = List.copyOf(rows);
        }

        public MessageType type() {
            return MessageType.STATUS_REPLY;
        }
    }

    /**
     * A row of the connection history; {@code finishedAt} is null while the client is connected.
     * {@code key} is the label of the access key the client came in with, {@code ""} for none.
     */
    record ConnectionRow(String name, String key, String address, Instant acceptedAt, Instant finishedAt) {
        public ConnectionRow {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }

        /** A row of a client that came in without an access key. */
        public ConnectionRow(String name, String address, Instant acceptedAt, Instant finishedAt) {
            this(name, "", address, acceptedAt, finishedAt);
        }

        /** The name, with the key's label beside it when there is one: {@code Client02 (alice)}. */
        public String displayName() {
            return key.isEmpty() ? name : name + " (" + key + ")";
        }

        public boolean connected() {
            return finishedAt == null;
        }
    }

    /** One page of the names connected now; the reply ends with the page whose {@code last} is true. */
    record WhoReply(List<String> names, boolean last) implements ToClient {
        public WhoReply {
            names = List.copyOf(names);
        }

        public MessageType type() {
            return MessageType.WHO_REPLY;
        }
    }

    /** Answers PING with its token. */
    record Pong(long token) implements ToClient {
        public MessageType type() {
            return MessageType.PONG;
        }
    }

    /** When the server started and how long ago that was. */
    record UptimeReply(Instant startedAt, Duration uptime) implements ToClient {
        public UptimeReply {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(uptime, "uptime");
        }

        public MessageType type() {
            return MessageType.UPTIME_REPLY;
        }
    }

    /** The server's command summary, one command per line. */
    record HelpReply(String text) implements ToClient {
        public HelpReply {
            Objects.requireNonNull(text, "text");
        }

        public MessageType type() {
            return MessageType.HELP_REPLY;
        }
    }

    /** The server software's name and version, its protocol version and a line about the instance. */
    record AboutReply(String name, String version, int protocol, String details) implements ToClient {
        public AboutReply {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(details, "details");
        }

        public MessageType type() {
            return MessageType.ABOUT_REPLY;
        }
    }

    /** Acknowledges SAY or MSG with the text that was said. */
    record Ack(String text) implements ToClient {
        public Ack {
            Objects.requireNonNull(text, "text");
        }

        public MessageType type() {
            return MessageType.ACK;
        }
    }

    /**
     * A failure. With a request id, that request failed and the session goes on; with id 0, the
     * connection failed and the server closes it.
     */
    record ErrorReply(ErrorCode code, String message) implements ToClient {
        public ErrorReply {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public MessageType type() {
            return MessageType.ERROR;
        }
    }

    /** The server is closing this connection: in answer to EXIT, or on its own with a reason. */
    record Bye(String reason) implements ToClient {
        public Bye {
            Objects.requireNonNull(reason, "reason");
        }

        public MessageType type() {
            return MessageType.BYE;
        }
    }

    // ----------------------------------------------------------------- uploads, server to client

    /**
     * A PUT was accepted. The server already holds the first {@code offset} bytes (from an earlier,
     * unfinished upload of the name; 0 for none), whose SHA-256 is {@code heldSha256}: the client
     * sends the bytes from {@code offset} on, or, if its own first {@code offset} bytes hash to
     * something else, cancels and sends PUT again without resume. {@code window} is how many data
     * bytes the client may send before the server grants more with PUT_WINDOW.
     */
    record PutReady(long offset, byte[] heldSha256, int window) implements ToClient {
        public PutReady {
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
            if (window < 0 || window > Wire.MAX_WINDOW) {
                throw new IllegalArgumentException("window " + window + " outside 0.." + Wire.MAX_WINDOW);
            }
            heldSha256 = Digests.copy(heldSha256);
        }

        @Override
        public byte[] heldSha256() {
            return heldSha256.clone();
        }

        /** The held bytes' digest as 64 lower-case hex digits. */
        public String heldHex() {
            return HexFormat.of().formatHex(heldSha256);
        }

        public MessageType type() {
            return MessageType.PUT_READY;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PutReady ready && offset == ready.offset && window == ready.window
                    && Arrays.equals(heldSha256, ready.heldSha256);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + window * 17 + Arrays.hashCode(heldSha256);
        }

        @Override
        public String toString() {
            return "PutReady[offset=" + offset + ", heldSha256=" + heldHex() + ", window=" + window + "]";
        }
    }

    /** Lets the upload with this frame's request id send {@code increment} more data bytes. */
    record PutWindow(int increment) implements ToClient {
        public PutWindow {
            if (increment <= 0) {
                throw new IllegalArgumentException("window increment must be positive, not " + increment);
            }
        }

        public MessageType type() {
            return MessageType.PUT_WINDOW;
        }
    }

    /**
     * The upload was verified and is in the repository under its name, {@code size} bytes;
     * {@code replaced} says whether it took the place of a file of that name.
     */
    record PutDone(long size, boolean replaced) implements ToClient {
        public PutDone {
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
        }

        public MessageType type() {
            return MessageType.PUT_DONE;
        }
    }

    /** Another client connected; {@code key} is the label of its access key, {@code ""} for none. */
    record Joined(String name, String key, String address, Instant at) implements Event {
        public Joined {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(at, "at");
        }

        /** A client that came in without an access key. */
        public Joined(String name, String address, Instant at) {
            this(name, "", address, at);
        }

        /** The name, with the key's label beside it when there is one: {@code Client02 (alice)}. */
        public String displayName() {
            return key.isEmpty() ? name : name + " (" + key + ")";
        }

        public MessageType type() {
            return MessageType.JOINED;
        }
    }

    /** Another client disconnected, cleanly or not. */
    record Left(String name, Instant at, String reason) implements Event {
        public Left {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }

        public MessageType type() {
            return MessageType.LEFT;
        }
    }

    /** Another client said something. */
    record Chat(String from, String text, Instant at) implements Event {
        public Chat {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(at, "at");
        }

        public MessageType type() {
            return MessageType.CHAT;
        }
    }

    /** Another client said something to this client alone (MSG). */
    record Private(String from, String text, Instant at) implements Event {
        public Private {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(at, "at");
        }

        public MessageType type() {
            return MessageType.PRIVATE;
        }
    }

    /**
     * A message said to everyone before this client joined: right after WELCOME the server sends
     * the last few (ferryd: 20), oldest first, so a newcomer can follow the conversation.
     */
    record Earlier(String from, String text, Instant at) implements Event {
        public Earlier {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(at, "at");
        }

        public MessageType type() {
            return MessageType.EARLIER;
        }
    }

    /** Something the server wants every client to know, such as that it is shutting down. */
    record Notice(ErrorCode code, String text) implements Event {
        public Notice {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        public MessageType type() {
            return MessageType.NOTICE;
        }
    }

    /**
     * Files that appeared, changed or went away in the repository since the last FILES_CHANGED, to
     * a client that asked with WATCH. Each change says what the file is now, so applying one twice,
     * or after a listing that already had it, does no harm. With {@code resync} the changes were
     * too many to send: the list holds nothing and the client asks for the whole listing again.
     */
    record FilesChanged(List<FileChange> changes, boolean resync) implements Event {
        public FilesChanged {
            changes = List.copyOf(changes);
            if (resync && !changes.isEmpty()) {
                throw new IllegalArgumentException("a resync carries no changes");
            }
        }

        /** Too many changes to list: the client reads the whole listing again. */
        public static FilesChanged resyncNeeded() {
            return new FilesChanged(List.of(), true);
        }

        public MessageType type() {
            return MessageType.FILES_CHANGED;
        }
    }

    /**
     * One file as it is now: {@code entry} is its size and time, or null if the name is gone (deleted,
     * renamed away, made hidden or unreadable as a file).
     */
    record FileChange(String name, FileEntry entry) {
        public FileChange {
            Objects.requireNonNull(name, "name");
            if (entry != null && !entry.name().equals(name)) {
                throw new IllegalArgumentException("entry " + entry.name() + " under the name " + name);
            }
        }

        /** A file that is there now: new, or with a new size or time. */
        public static FileChange present(FileEntry entry) {
            return new FileChange(entry.name(), entry);
        }

        /** A name that is no longer listed. */
        public static FileChange gone(String name) {
            return new FileChange(name, null);
        }

        public boolean isGone() {
            return entry == null;
        }
    }

    /** Another client uploaded a file: it is in the repository now, under {@code name}. */
    record Uploaded(String client, String name, long size, Instant at) implements Event {
        public Uploaded {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(at, "at");
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
        }

        public MessageType type() {
            return MessageType.UPLOADED;
        }
    }
}
