package dev.ferry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MSG reaches one client only; newcomers see the last messages; no client can flood the others. */
@Timeout(60)
class PrivateMessagesTest {
    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        clients.add(client);
        return client;
    }

    /** The next frame that is not a JOINED or LEFT event. */
    static Frame nextBesidesRoster(RawClient client) throws IOException {
        for (;;) {
            Frame frame = client.next();
            if (frame == null || !(frame.message() instanceof Message.Joined || frame.message() instanceof Message.Left)) {
                return frame;
            }
        }
    }

    @Test
    void aPrivateMessageReachesItsAddresseeAndNoOneElse() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient first = admitted();
        RawClient second = admitted();
        RawClient third = admitted();

        first.send(4, new Message.Msg("Client02", "just between us"));
        assertThat(nextBesidesRoster(first)).satisfies(f -> {
            assertThat(f.id()).isEqualTo(4);
            assertThat(f.message()).isEqualTo(new Message.Ack("just between us"));
        });
        assertThat(nextBesidesRoster(second).message()).isInstanceOfSatisfying(Message.Private.class, p -> {
            assertThat(p.from()).isEqualTo("Client01");
            assertThat(p.text()).isEqualTo("just between us");
        });
        // the third hears the next message to everyone, and nothing before it
        first.send(5, new Message.Say("to all"));
        assertThat(nextBesidesRoster(third).message()).isInstanceOfSatisfying(Message.Chat.class,
                chat -> assertThat(chat.text()).isEqualTo("to all"));
    }

    @Test
    void aPrivateMessageToNoOneConnectedOrToYourselfIsAnErrorAndTheSessionGoesOn() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient first = admitted();

        first.send(4, new Message.Msg("Client09", "anyone?"));
        assertThat(nextBesidesRoster(first).message()).isEqualTo(new Message.ErrorReply(ErrorCode.NO_SUCH_CLIENT,
                "no client named Client09 is connected; 'who' lists them"));
        first.send(5, new Message.Msg("Client01", "me"));
        assertThat(nextBesidesRoster(first).message()).isInstanceOfSatisfying(Message.ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_CLIENT));
        first.send(6, new Message.Ping(7));
        assertThat(nextBesidesRoster(first).message()).isEqualTo(new Message.Pong(7));
    }

    @Test
    void aClientThatJoinsSeesTheLastTwentyMessagesOldestFirstAndNoPrivateOnes() throws IOException {
        daemon = TestDaemon.start(repository, settings -> settings.messagesPerSecond(1_000));
        RawClient first = admitted();
        RawClient second = admitted();
        for (int i = 1; i <= 25; i++) {
            first.send(i, new Message.Say("message " + i));
            assertThat(nextBesidesRoster(first).message()).isEqualTo(new Message.Ack("message " + i));
        }
        first.send(30, new Message.Msg("Client02", "private"));
        assertThat(nextBesidesRoster(first).message()).isEqualTo(new Message.Ack("private"));

        RawClient newcomer = admitted();
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Message message = newcomer.next().message();
            assertThat(message).isInstanceOf(Message.Earlier.class);
            Message.Earlier said = (Message.Earlier) message;
            assertThat(said.from()).isEqualTo("Client01");
            earlier.add(said.text());
        }
        assertThat(earlier).first().isEqualTo("message 6");
        assertThat(earlier).last().isEqualTo("message 25");
        newcomer.send(40, new Message.Ping(1));
        assertThat(nextBesidesRoster(newcomer).message()).as("after the twenty, the reply").isEqualTo(new Message.Pong(1));
        second.close();
    }

    @Test
    void oneClientCannotSendMoreThanAFewMessagesASecond() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient first = admitted();
        RawClient second = admitted();
        int acked = 0;
        int slowed = 0;
        for (int i = 1; i <= 30; i++) {
            first.send(i, i % 2 == 0 ? new Message.Say("flood " + i) : new Message.Msg("Client02", "flood " + i));
            Message answer = nextBesidesRoster(first).message();
            if (answer instanceof Message.Ack) {
                acked++;
            } else if (answer instanceof Message.ErrorReply error && error.code() == ErrorCode.SLOW_DOWN) {
                slowed++;
            }
        }
        // a burst of five, then two a second: thirty sent at once cannot all get through
        assertThat(acked).isBetween(5, 10);
        assertThat(slowed).isEqualTo(30 - acked);
    }
}
