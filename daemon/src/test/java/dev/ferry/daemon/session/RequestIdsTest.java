package dev.ferry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message.Ping;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request ids: id 0 answers no request, and a running transfer's id belongs to it. A request that
 * breaks either rule ends the connection with an ERROR (id 0) whose code says which, so nothing is
 * ever answered under an id where the client could mistake it for something else.
 */
@Timeout(60)
class RequestIdsTest {
    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository);
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(1L << 20);
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    @Test
    void aRequestWithIdZeroEndsTheConnectionWithBadId() throws IOException {
        RawClient client = admitted();
        client.send(Wire.NO_ID, new Ping(5));

        Frame answer = client.next();
        assertThat(answer.id()).isEqualTo(Wire.NO_ID);
        assertThat(answer.message()).isEqualTo(new ErrorReply(ErrorCode.BAD_ID,
                "request id 0 is reserved for frames that answer no request; number requests from 1 (PING)"));
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void aGetWithIdZeroIsNotServed() throws IOException {
        RawClient client = admitted();
        client.send(Wire.NO_ID, new Get("big.bin", 0));

        Frame answer = client.next();
        assertThat(answer.id()).isEqualTo(Wire.NO_ID);
        assertThat(answer.message()).isInstanceOfSatisfying(ErrorReply.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.BAD_ID));
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void aPingReusingARunningTransfersIdIsNeverAnsweredUnderThatId() throws IOException {
        RawClient client = stalledTransfer(7);
        client.send(7, new Ping(42));

        assertIdInUse(client, 7, "PING");
    }

    @Test
    void aListReusingARunningTransfersIdIsNeverAnsweredUnderThatId() throws IOException {
        RawClient client = stalledTransfer(7);
        client.send(7, new Message.ListFiles());

        assertIdInUse(client, 7, "LIST");
    }

    @Test
    void aGetReusingARunningTransfersIdIsNeverAnsweredUnderThatId() throws IOException {
        RawClient client = stalledTransfer(7);
        client.send(7, new Get("big.bin", 0));

        assertIdInUse(client, 7, "GET");
    }

    @Test
    void cancelAndWindowCarryTheTransfersIdAndAreServed() throws IOException {
        RawClient client = stalledTransfer(7);
        client.send(7, new Message.Window(Wire.MIN_WINDOW));
        long[] skipped = {0};
        client.send(7, new Message.Cancel());

        Frame cancelled = client.nextControl(skipped);
        assertThat(cancelled.id()).isEqualTo(7);
        assertThat(cancelled.message()).isInstanceOfSatisfying(ErrorReply.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));
        client.send(8, new Ping(8));
        assertThat(client.nextControl(skipped).message()).isEqualTo(new Pong(8));
    }

    @Test
    void anEndedTransfersIdIsFreeAgain() throws IOException {
        RawClient client = admitted();
        client.send(3, new Get("big.bin", 0));
        long[] skipped = {0};
        assertThat(client.nextControl(skipped).message()).isInstanceOf(Message.FileHeader.class);
        assertThat(client.nextControl(skipped).message()).isInstanceOf(Message.FileEnd.class);

        client.send(3, new Ping(3));
        Frame pong = client.next();
        assertThat(pong.id()).isEqualTo(3);
        assertThat(pong.message()).isEqualTo(new Pong(3));
    }

    /** A transfer that has used up its smallest window and waits for a WINDOW that never comes. */
    private RawClient stalledTransfer(int id) throws IOException {
        RawClient client = admitted();
        client.send(id, new Get("big.bin", 0, Wire.MIN_WINDOW));
        Frame header = client.next();
        assertThat(header.id()).isEqualTo(id);
        assertThat(header.message()).isInstanceOf(Message.FileHeader.class);
        return client;
    }

    private static void assertIdInUse(RawClient client, int id, String request) throws IOException {
        long[] skipped = {0};
        Frame answer = client.nextControl(skipped);
        assertThat(answer.id()).as("the refusal's id").isEqualTo(Wire.NO_ID);
        assertThat(answer.message()).isEqualTo(new ErrorReply(ErrorCode.ID_IN_USE, "request id " + id + " ("
                + request + ") is still in use by a running transfer; every request needs an id of its own"));
        assertThat(skipped[0]).as("data sent before, within the window").isEqualTo(Wire.MIN_WINDOW);
        assertThat(client.closedByServer()).isTrue();
    }

    private RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        clients.add(client);
        return client;
    }
}
