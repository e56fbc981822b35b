package dev.ferry.daemon.session;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a session ends and what the client is told: the last frames to send before the socket's
 * output is shut, the error for transfers still running (if they are to be told), and whether the
 * socket must be closed at once because writing to it is hopeless.
 */
record Ending(String reason, List<ByteBuffer> lastFrames, ErrorCode transferError, boolean abrupt) {

    /** The client closed its end or vanished; there is no one to tell. */
    static Ending quiet(String reason) {
        return new Ending(reason, List.of(), null, false);
    }

    /** The connection cannot be written to any more: close it without a word. */
    static Ending abrupt(String reason) {
        return new Ending(reason, List.of(), null, true);
    }

    /** The handshake failed: REFUSED with a code and a reason. */
    static Ending refused(ErrorCode code, String reason) {
        return new Ending("refused: " + reason, List.of(frame(new Message.Refused(code, reason))), null, false);
    }

    /** The connection broke the protocol or the server failed: ERROR with id 0. */
    static Ending error(ErrorCode code, String message) {
        return new Ending(code.summary() + ": " + message,
                List.of(frame(new Message.ErrorReply(code, message))), null, false);
    }

    /** The client asked to leave: BYE with its EXIT's id. */
    static Ending exit(int id) {
        return new Ending("exit", List.of(MessageCodec.encode(id, new Message.Bye("bye"))), null, false);
    }

    /** The server ends the session on its own: a NOTICE, errors for running transfers, BYE. */
    static Ending notice(ErrorCode code, String text) {
        List<ByteBuffer> frames = new ArrayList<>();
        frames.add(frame(new Message.Notice(code, text)));
        frames.add(frame(new Message.Bye(text)));
        return new Ending(code.summary(), frames, code, false);
    }

    private static ByteBuffer frame(Message message) {
        return MessageCodec.encode(Wire.NO_ID, message);
    }
}
