package dev.ferry.daemon.session;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a session ends and what the client is told: the frames to send first, the error for
 * transfers still running (if they are to be told), the frames to send last, and whether the
 * socket must be closed at once because writing to it is hopeless, or whether the replies still
 * waiting are dropped so the last word goes out next. The socket's output is shut after the last
 * frame.
 */
record Ending(String reason, List<ByteBuffer> firstFrames, ErrorCode transferError, List<ByteBuffer> lastFrames,
        boolean abrupt, boolean jumpsQueue) {

    /** The client closed its end or vanished; there is no one to tell. */
    static Ending quiet(String reason) {
        return new Ending(reason, List.of(), null, List.of(), false, false);
    }

    /** The connection cannot be written to any more: close it without a word. */
    static Ending abrupt(String reason) {
        return new Ending(reason, List.of(), null, List.of(), true, false);
    }

    /** The handshake failed: REFUSED with a code and a reason. */
    static Ending refused(ErrorCode code, String reason) {
        return new Ending("refused: " + reason, List.of(), null, List.of(frame(new Message.Refused(code, reason))), false, false);
    }

    /** The connection broke the protocol or the server failed: ERROR with id 0. */
    static Ending error(ErrorCode code, String message) {
        return new Ending(code.summary() + ": " + message, List.of(), null,
                List.of(frame(new Message.ErrorReply(code, message))), false, false);
    }

    /**
     * The client is dropped for what it left unread: ERROR with id 0, sent ahead of the replies
     * still waiting, which are dropped, so that the client learns why after reading at most what
     * is already on its way.
     */
    static Ending dropped(ErrorCode code, String message) {
        return new Ending(code.summary() + ": " + message, List.of(), null,
                List.of(frame(new Message.ErrorReply(code, message))), false, true);
    }

    /** The client asked to leave: BYE with its EXIT's id. */
    static Ending exit(int id) {
        return new Ending("exit", List.of(), null, List.of(MessageCodec.encode(id, new Message.Bye("bye"))), false, false);
    }

    /** The server ends the session on its own: a NOTICE, errors for running transfers, BYE. */
    static Ending notice(ErrorCode code, String text) {
        return new Ending(code.summary(), List.of(frame(new Message.Notice(code, text))), code,
                List.of(frame(new Message.Bye(text))), false, false);
    }

    /** Everything to send, in order, given the errors for the transfers that were stopped. */
    List<ByteBuffer> goodbye(List<ByteBuffer> transferErrors) {
        List<ByteBuffer> all = new ArrayList<>(firstFrames);
        all.addAll(transferErrors);
        all.addAll(lastFrames);
        return all;
    }

    private static ByteBuffer frame(Message message) {
        return MessageCodec.encode(Wire.NO_ID, message);
    }
}
