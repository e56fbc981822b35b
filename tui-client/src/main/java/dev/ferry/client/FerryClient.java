package dev.ferry.client;

import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.connection.Connection;
import dev.ferry.client.connection.ReplyCall;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.TransferEngine;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.protocol.Message.AboutReply;
import dev.ferry.protocol.Message.Ack;
import dev.ferry.protocol.Message.Bye;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FileList;
import dev.ferry.protocol.Message.HelpReply;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.StatusReply;
import dev.ferry.protocol.Message.UptimeReply;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.Message.WhoReply;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to ferryd, for programs: the command line, the line shell and the terminal UI all
 * use it, and it knows nothing of terminals.
 *
 * <p>Every request returns a {@link CompletableFuture}; requests may overlap freely, and replies
 * are matched to them by id. The {@link Connection} owns the socket: its one reader thread
 * completes futures and passes server events to the {@link ClientListener}. Files move through
 * the {@link TransferEngine}, which owns the threads, buffers, slots and partial files of every
 * transfer, both ways.
 */
public final class FerryClient implements AutoCloseable {
    private final Connection connection;
    private final Welcome welcome;
    private final TransferEngine transfers;
    /** Hears the listing a {@link #watch()} is answered with; set once, before the connection reads. */
    private volatile ClientListener listener = ClientListener.NONE;

    private FerryClient(Connection connection, long rateLimit) {
        this.connection = connection;
        this.welcome = connection.welcome();
        this.transfers = new TransferEngine(connection, welcome.clientName(), welcome.maxTransfers(), rateLimit);
    }

    /**
     * Connects, says HELLO and waits for WELCOME.
     *
     * @throws FerryException {@link Kind#CONNECT} if no connection could be made,
     *     {@link Kind#REFUSED} if the server refused (see {@link FerryException#serverFull()}),
     *     {@link Kind#PROTOCOL} if the other end is not a Ferry server
     */
    public static FerryClient connect(ClientOptions options, ClientListener listener) throws FerryException {
        FerryClient client = new FerryClient(Connection.open(options), options.rateLimit());
        client.listener = listener;
        client.connection.start(listener, (lost, requested) -> {
            client.transfers.connectionLost(lost);
            listener.onClosed(lost.getMessage(), requested);
        });
        return client;
    }

    // ----------------------------------------------------------------- what the server said

    /** The name the server gave this client, such as {@code Client02}. */
    public String name() {
        return welcome.clientName();
    }

    /** The server software, such as {@code ferryd/1.0.0}. */
    public String server() {
        return welcome.server();
    }

    /** True if the server lets this client change the repository, false if it may only read. */
    public boolean mayWrite() {
        return welcome.write();
    }

    /** Transfers the server lets this client have in flight at once. */
    public int maxTransfers() {
        return welcome.maxTransfers();
    }

    /** The server's address. */
    public InetSocketAddress remote() {
        return connection.remote();
    }

    /** How the bytes travel: "TLS 1.3, TLS_AES_128_GCM_SHA256 (BoringSSL)" or "plain text". */
    public String security() {
        return connection.security();
    }

    /** File data received on this connection so far, in bytes. */
    public long dataBytesReceived() {
        return transfers.dataBytesReceived();
    }

    /** File data sent on this connection so far, in bytes. */
    public long dataBytesSent() {
        return transfers.dataBytesSent();
    }

    /** True until the connection ends. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The transfers of this connection, both ways. */
    public TransferEngine transfers() {
        return transfers;
    }

    // ----------------------------------------------------------------- requests

    /** The repository's files, sorted by name. */
    public CompletableFuture<List<FileEntry>> list() {
        return connection.ask(new Message.ListFiles(), ReplyCall.paged(FileList.class, FileList::last, FileList::files));
    }

    /**
     * The repository's files, sorted by name, as {@link #list()} gives them, and handed to the
     * listener's {@link ClientListener#onFiles} too; from then on the server pushes
     * {@link Message.FilesChanged} events to the listener whenever files appear, change or go
     * away. The listener hears of the listing before any event that follows it, so a list kept
     * from both stays right; asking again (after a resync) replaces it the same way.
     */
    public CompletableFuture<List<FileEntry>> watch() {
        ReplyCall<FileList, List<FileEntry>> call = ReplyCall.paged(FileList.class, FileList::last, FileList::files);
        call.future().thenAccept(listener::onFiles); // before the request goes: runs on the reader thread, in order
        return connection.ask(new Message.Watch(), call);
    }

    /** The connection history, in order of admission. */
    public CompletableFuture<List<ConnectionRow>> status() {
        return connection.ask(new Message.Status(), ReplyCall.paged(StatusReply.class, StatusReply::last, StatusReply::rows));
    }

    /** Names of the clients connected now. */
    public CompletableFuture<List<String>> who() {
        return connection.ask(new Message.Who(), ReplyCall.paged(WhoReply.class, WhoReply::last, WhoReply::names));
    }

    /** One round trip; completes with its duration in nanoseconds. */
    public CompletableFuture<Long> ping() {
        long token = System.nanoTime();
        return connection.ask(new Message.Ping(token), ReplyCall.single(Pong.class, pong -> System.nanoTime() - pong.token()));
    }

    /** When the server started and how long it has been up. */
    public CompletableFuture<UptimeReply> uptime() {
        return connection.ask(new Message.Uptime(), ReplyCall.single(UptimeReply.class, reply -> reply));
    }

    /** The server's command summary. */
    public CompletableFuture<String> help() {
        return connection.ask(new Message.Help(), ReplyCall.single(HelpReply.class, HelpReply::text));
    }

    /** The server's name and version. */
    public CompletableFuture<AboutReply> about() {
        return connection.ask(new Message.About(), ReplyCall.single(AboutReply.class, reply -> reply));
    }

    /**
     * Says something to everyone connected; completes with the text the server acknowledged.
     * Text over {@link Wire#MAX_TEXT_BYTES} bytes fails at once without being sent.
     */
    public CompletableFuture<String> say(String text) {
        CompletableFuture<String> tooLong = tooLong(text);
        return tooLong != null ? tooLong : connection.ask(new Message.Say(text), ReplyCall.single(Ack.class, Ack::text));
    }

    /**
     * Says something to the client named {@code to} alone; completes with the text the server
     * acknowledged, or fails with the server's NO_SUCH_CLIENT if no such client is connected.
     */
    public CompletableFuture<String> msg(String to, String text) {
        CompletableFuture<String> tooLong = tooLong(text);
        if (tooLong != null) {
            return tooLong;
        }
        if (to.getBytes(StandardCharsets.UTF_8).length > Wire.MAX_NAME_BYTES) {
            return CompletableFuture.failedFuture(new FerryException(Kind.LOCAL, "no client has a name that long"));
        }
        return connection.ask(new Message.Msg(to, text), ReplyCall.single(Ack.class, Ack::text));
    }

    /** A failed reply for text over {@link Wire#MAX_TEXT_BYTES} bytes, or null if it fits. */
    private static CompletableFuture<String> tooLong(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= Wire.MAX_TEXT_BYTES) {
            return null;
        }
        return CompletableFuture.failedFuture(new FerryException(Kind.LOCAL, "message too long: " + bytes
                + " bytes, the limit is " + Wire.MAX_TEXT_BYTES));
    }

    /** Says goodbye: completes when the server answers BYE; the connection then closes. */
    public CompletableFuture<String> exit() {
        connection.leaving();
        return connection.ask(new Message.Exit(), ReplyCall.single(Bye.class, Bye::reason));
    }

    /**
     * Downloads a file into {@code folder}, at the same relative path, verified by SHA-256. Starts
     * now, or as soon as fewer than {@link #maxTransfers()} transfers are in flight. Asking again
     * for a file already on its way to the same place returns that download.
     *
     * @param overwrite replace an existing file; otherwise an existing file fails the download
     */
    public Download download(String name, Path folder, boolean overwrite, DownloadListener progress) {
        return transfers.download(name, folder, overwrite, progress);
    }

    /**
     * Uploads a local file to the server as {@code name}, verified there by SHA-256 before it gets
     * the name; see {@link TransferEngine#upload}.
     *
     * @param overwrite replace a file of that name on the server, if the server lets this client
     */
    public Upload upload(Path source, String name, boolean overwrite, UploadListener progress) {
        return transfers.upload(source, name, overwrite, progress);
    }

    /**
     * Closes the connection at once. Requests in flight fail; downloads keep their .part files.
     * Use {@link #exit()} first for a polite goodbye.
     */
    @Override
    public void close() {
        connection.close();
        transfers.close();
    }
}
