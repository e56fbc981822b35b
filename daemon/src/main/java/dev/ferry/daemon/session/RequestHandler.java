package dev.ferry.daemon.session;

import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.daemon.writer.Outbound;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Message.AboutReply;
import dev.ferry.protocol.Message.Ack;
import dev.ferry.protocol.Message.Chat;
import dev.ferry.protocol.Message.HelpReply;
import dev.ferry.protocol.Message.Ping;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.Say;
import dev.ferry.protocol.Message.UptimeReply;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Text;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Answers a session's control requests, one small method per command. */
final class RequestHandler {
    static final String HELP = String.join("\n",
            "list              files in the repository, with sizes",
            "get NAME...       download files, folders or patterns ('*.txt'), SHA-256 verified; resumes from NAME.part",
            "put PATH...       upload files or folders, SHA-256 verified by the server; resumes where it stopped",
            "NAME              a line that names a file downloads it",
            "status            connection history: who connected, when, from where",
            "who               clients connected now",
            "ping              round trip to the server",
            "uptime            how long the server has been up",
            "about             server name and version",
            "help              this list",
            "say TEXT          a message: you get '<text> ACK', everyone else sees it",
            "msg NAME TEXT     a message to one client only",
            "exit              disconnect",
            "anything else     a message, as with say");

    private final Requester session;
    private final SessionContext context;
    private final Outbound out;
    private final int messagesPerSecond;
    private final double messageBurst;
    private double messageTokens;
    private long tokensCheckedNanos = System.nanoTime();

    RequestHandler(Requester session, SessionContext context, Outbound out) {
        this.session = session;
        this.context = context;
        this.out = out;
        this.messagesPerSecond = context.config().messagesPerSecond();
        this.messageBurst = messagesPerSecond * 2.5;
        this.messageTokens = messageBurst;
    }

    /** Answers one control request. */
    void handle(int id, Message request) throws IOException, RequestFailure {
        switch (request.type()) {
            case LIST -> list(id);
            case WATCH -> watch(id);
            case STATUS -> status(id);
            case WHO -> who(id);
            case PING -> out.send(id, new Pong(((Ping) request).token()));
            case UPTIME -> uptime(id);
            case HELP -> out.send(id, new HelpReply(HELP));
            case ABOUT -> about(id);
            case SAY -> say(id, (Say) request);
            case MSG -> msg(id, (Message.Msg) request);
            default -> throw new IllegalStateException("no handler for " + request.type());
        }
    }

    private void list(int id) throws IOException {
        for (Message.FileList page : MessageCodec.fileListPages(context.repository().list())) {
            out.send(id, page);
        }
    }

    /** The listing, as for LIST, and FILES_CHANGED events from now on. */
    private void watch(int id) throws IOException {
        context.changes().watch(session::watchFiles, listing -> {
            for (Message.FileList page : MessageCodec.fileListPages(listing)) {
                out.send(id, page);
            }
        });
    }

    private void status(int id) {
        for (Message.StatusReply page : MessageCodec.statusPages(context.table().rows())) {
            out.send(id, page);
        }
    }

    private void who(int id) {
        List<String> names = context.table().connectedNames();
        for (Message.WhoReply page : MessageCodec.whoPages(names)) {
            out.send(id, page);
        }
    }

    private void uptime(int id) {
        Instant started = context.startedAt();
        out.send(id, new UptimeReply(started, Duration.between(started, context.clock().instant())));
    }

    /** A token bucket: bursts of 2.5 seconds' worth, refilled at the configured rate. */
    private boolean takeMessageToken() {
        long now = System.nanoTime();
        messageTokens = Math.min(messageBurst, messageTokens + (now - tokensCheckedNanos) / 1e9 * messagesPerSecond);
        tokensCheckedNanos = now;
        if (messageTokens < 1) {
            return false;
        }
        messageTokens--;
        return true;
    }

    private void about(int id) {
        String details = "serving " + context.repository().root().getFileName() + " to at most "
                + context.registry().maxClients() + " clients";
        out.send(id, new AboutReply("ferryd", FerryVersion.get(), Wire.PROTOCOL_VERSION, details));
    }

    private void say(int id, Say say) throws RequestFailure {
        String text = say.text();
        mayBeSent(text);
        if (session.admitLog("messages")) {
            Session.log.info("{}: {}", session.name(), LogText.clip(text));
        }
        out.send(id, new Ack(text));
        context.registry().chat(new Chat(session.name(), text, context.clock().instant()));
    }

    /** A private message: to one connected client other than the sender; the log keeps who, not what. */
    private void msg(int id, Message.Msg msg) throws RequestFailure {
        if (msg.to().equals(session.name())) {
            throw new RequestFailure(ErrorCode.NO_SUCH_CLIENT, "that is you; 'who' lists the others");
        }
        mayBeSent(msg.text());
        Message.Private message = new Message.Private(session.name(), msg.text(), context.clock().instant());
        if (!context.registry().sendTo(msg.to(), message)) {
            throw new RequestFailure(ErrorCode.NO_SUCH_CLIENT, "no client named " + Text.printable(msg.to())
                    + " is connected; 'who' lists them");
        }
        if (session.admitLog("private messages")) {
            Session.log.info("{} sent a private message to {}", session.name(), LogText.clip(msg.to()));
        }
        out.send(id, new Ack(msg.text()));
    }

    /** Refuses empty text, text with control characters (TAB too), and a message over the sender's rate. */
    private void mayBeSent(String text) throws RequestFailure {
        if (text.isBlank()) {
            throw new RequestFailure(ErrorCode.BAD_REQUEST, "an empty message is not sent");
        }
        int bad = Text.firstForbidden(text);
        if (bad >= 0) {
            throw new RequestFailure(ErrorCode.BAD_REQUEST, "messages cannot contain control characters (U+%04X)".formatted(bad));
        }
        if (!takeMessageToken()) {
            throw new RequestFailure(ErrorCode.SLOW_DOWN, "too many messages: at most " + messagesPerSecond
                    + " a second; this one was not sent");
        }
    }
}
