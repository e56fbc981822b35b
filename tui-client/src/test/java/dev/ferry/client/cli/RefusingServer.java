package dev.ferry.client.cli;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A server that answers every HELLO with REFUSED and the reason it was given, unchecked (control
 * characters included), then hangs up. Loopback, ephemeral port, one connection at a time.
 */
final class RefusingServer extends ScriptedServer {
    private final ErrorCode code;
    private final String reason;

    RefusingServer(ErrorCode code, String reason) throws IOException {
        super("refusing-server");
        this.code = code;
        this.reason = reason;
        start();
    }

    @Override
    void serve(SocketChannel client) throws IOException {
        Frame hello = new FrameReader(client, Peer.CLIENT, 4096).read();
        if (hello != null && hello.message() instanceof Message.Hello) {
            write(client, MessageCodec.encode(Wire.NO_ID, new Message.Refused(code, reason)));
        }
    }
}
