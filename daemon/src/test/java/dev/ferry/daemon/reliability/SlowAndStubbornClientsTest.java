package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.JvmResources;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients that keep sockets open, read slowly or talk too much cannot hold the daemon's threads or hurt others. */
@Timeout(120)
class SlowAndStubbornClientsTest {

    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        daemon.close();
    }

    private RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        open.add(client);
        return client;
    }

    @Test
    void clientsThatKeepTheirSocketOpenAfterGoodbyeAreClosedAfterTheLinger() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.maxClients(1).linger(Duration.ofMillis(300)));
        RawClient leaving = admitted();
        RawClient refused = RawClient.hello(daemon.address());
        open.add(refused);
        assertThat(refused.next().message()).isInstanceOf(Message.Refused.class);
        leaving.send(1, new Message.Exit());
        assertThat(leaving.next().message()).isEqualTo(new Message.Bye("bye"));
        long bye = System.nanoTime();

        // neither client closes its socket; the daemon must let go of both anyway
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
        long goneAfter = (System.nanoTime() - bye) / 1_000_000;
        assertThat(leaving.closedByServer()).isTrue();
        assertThat(refused.closedByServer()).isTrue();
        assertThat(goneAfter).isLessThan(3000);
        Figures.record("stubborn clients", "a client that kept its socket open after BYE and one after REFUSED: both closed, the"
                + " last " + goneAfter + " ms after the BYE (linger 300 ms)");
    }

    /**
     * The half-close attack: HELLO, a GET with a 1 GiB window, then shutdown(SHUT_WR) and never
     * another read. Each client reads its WELCOME and FILE_HEADER first, so the daemon's writer
     * is surely inside the first 1 MiB chunk, blocked on a 4 KiB receive window, when the reader
     * sees end of stream. Closing the socket's descriptor would not wake that writer; the daemon
     * must, and must give back the thread, the socket and the open file.
     */
    @Test
    void clientsThatHalfCloseMidDownloadAndNeverReadLeaveNoWriterFileOrSocketBehind() throws Exception {
        int attackers = 20;
        // the test drives a raw socket's window itself: plain text, on loopback
        daemon = TestDaemon.start(repository, b -> b.maxClients(attackers).writeTimeout(Duration.ofSeconds(2)).tls(false));
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(1L << 30);
        }
        assumeTrue(JvmResources.canCountDescriptors(), "needs /proc/self/fd to count open files");
        long socketsBefore = JvmResources.descriptors(target -> target.startsWith("socket:"));

        for (int i = 0; i < attackers; i++) {
            SmallWindowClient client = smallWindowClient("half", 64);
            client.send(1, new Message.Get("big.bin", 0, Wire.MAX_WINDOW));
            Message header;
            do {
                header = client.frames().read().message();
            } while (header instanceof Message.Joined || header instanceof Message.Left);
            assertThat(header).isInstanceOf(Message.FileHeader.class);
            client.socket().shutdownOutput(); // "I'm done sending", and it never reads again
        }
        long halfClosed = System.nanoTime();

        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(15))).isTrue();
        long goneAfter = (System.nanoTime() - halfClosed) / 1_000_000;
        assertThat(JvmResources.threadsStillNamed("ferry-write Client", Duration.ofSeconds(10)))
                .as("writer threads still serving a client").isEmpty();
        assertThat(JvmResources.threadsStillNamed("ferry-conn Client", Duration.ofSeconds(10)))
                .as("reader threads still serving a client").isEmpty();
        // the file's digest, computed once for the first GET, may still be on its way: wait for it to close its file
        daemon.daemon().context().digests().digestOf(daemon.daemon().context().repository().resolve("big.bin"))
                .get(60, TimeUnit.SECONDS);
        assertThat(JvmResources.descriptors(target -> target.endsWith("big.bin"))).as("big.bin still open").isZero();
        long socketsAfter = JvmResources.descriptors(target -> target.startsWith("socket:"));
        assertThat(socketsAfter - socketsBefore).as("sockets beyond the attackers' own ends").isLessThanOrEqualTo(attackers);
        assertThat(daemon.daemon().context().registry().connected()).isZero();
        assertThat(admitted().welcome().clientName()).isEqualTo("Client" + (attackers + 1));
        Figures.record("stubborn clients", attackers + " clients that half-closed in the middle of a 1 GiB download and never read"
                + " again: every reader and writer thread, socket and open file given back " + goneAfter
                + " ms after the last half-close (linger 2000 ms; " + (socketsAfter - socketsBefore)
                + " sockets left open, all the attackers' own); the next client got in");
    }

    @Test
    void theIdleClockStartsWhenATransferEndsNotWhenItWasRequested() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.idleTimeout(Duration.ofMillis(500)));
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(64L << 20);
        }
        RawClient client = admitted();
        client.send(1, new Message.Get("big.bin", 0));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        // longer than the idle timeout passes while the transfer is in flight (the client reads nothing)
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofMillis(800))).isFalse();

        long[] data = {0};
        assertThat(client.nextControl(data).message()).isInstanceOf(Message.FileEnd.class);
        client.send(2, new Message.Ping(2));
        assertThat(client.nextControl(data).message()).isEqualTo(new Message.Pong(2));
    }

    @Test
    void aClientThatFallsBehindLosesEventsNotItsConnection() throws Exception {
        // the test drives a raw socket's window itself: plain text, on loopback
        daemon = TestDaemon.start(repository, b -> b.maxQueuedBytes(256 * 1024).messagesPerSecond(1_000_000).tls(false));
        SmallWindowClient slowClient = smallWindowClient("slow", 65536);
        FrameReader slow = slowClient.frames();

        RawClient chatty = admitted();
        String text = "x".repeat(4000);
        int sent = 3000; // 12 MB of chat: far more than the slow client's buffers and queue
        int acks = 0;
        for (int i = 1; i <= sent; i++) {
            chatty.send(i, new Message.Say(text));
            Frame frame = chatty.next();
            acks += frame.message() instanceof Message.Ack ? 1 : 0;
        }
        assertThat(acks).isEqualTo(sent);

        int chats = 0;
        Message.Notice notice = null;
        for (int i = 0; i < sent + 10 && notice == null; i++) {
            Message message = slow.read().message();
            if (message instanceof Message.Chat) {
                chats++;
            } else if (message instanceof Message.Notice n) {
                notice = n;
            }
        }
        assertThat(notice).isNotNull();
        assertThat(notice.code()).isEqualTo(ErrorCode.EVENTS_DROPPED);
        assertThat(notice.text()).matches("\\d+ events were dropped while this connection fell behind; ask for status to catch up");
        assertThat(chats).isPositive().isLessThan(sent);

        slowClient.send(77, new Message.Ping(77));
        Message answer;
        do {
            answer = slow.read().message();
        } while (answer instanceof Message.Chat || answer instanceof Message.Notice);
        assertThat(answer).isEqualTo(new Message.Pong(77));
        long dropped = Long.parseLong(notice.text().substring(0, notice.text().indexOf(' ')));
        Figures.record("slow readers", "a client not reading while another sent " + sent + " 4 KB messages: received "
                + chats + " before a NOTICE that " + dropped + " were dropped, then its PONG: still connected");
    }

    @Test
    void messagesWithControlCharactersAreRefusedAndFloodsAreSlowedDown() throws Exception {
        daemon = TestDaemon.start(repository);
        RawClient talker = admitted();
        talker.send(1, new Message.Say("clear\u001b[2Jscreen"));
        assertThat(talker.next().message()).isEqualTo(new Message.ErrorReply(ErrorCode.BAD_REQUEST,
                "messages cannot contain control characters (U+001B)"));

        int burst = 200;
        for (int i = 0; i < burst; i++) {
            talker.send(10 + i, new Message.Say("spam " + i));
        }
        int acked = 0;
        int slowed = 0;
        for (int i = 0; i < burst; i++) {
            Message answer = talker.next().message();
            if (answer instanceof Message.Ack) {
                acked++;
            } else if (answer instanceof Message.ErrorReply error && error.code() == ErrorCode.SLOW_DOWN) {
                slowed++;
            }
        }
        assertThat(acked + slowed).isEqualTo(burst);
        // the default: a burst of five, then two a second
        assertThat(acked).isBetween(5, 10);
        assertThat(slowed).isPositive();
        talker.send(999, new Message.Ping(9));
        assertThat(talker.next().message()).isEqualTo(new Message.Pong(9));
        Figures.record("messages", burst + " messages sent at once: " + acked + " accepted, " + slowed + " refused with SLOW_DOWN; session still up");
    }

    /** A raw connection with a 4 KiB receive buffer, so the daemon meets a full window soon. */
    private record SmallWindowClient(Socket socket, FrameReader frames) {
        void send(int id, Message message) throws IOException {
            RawClient.write(socket, MessageCodec.encode(id, message), RawClient.WRITE_DEADLINE);
        }
    }

    /** Connects with a small receive buffer, says HELLO as {@code name} and reads the WELCOME. */
    private SmallWindowClient smallWindowClient(String name, int readBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(daemon.address(), 5000);
        socket.setSoTimeout(20_000);
        open.add(socket);
        SmallWindowClient client = new SmallWindowClient(socket,
                new FrameReader(Channels.newChannel(socket.getInputStream()), FrameReader.Peer.SERVER, readBuffer));
        client.send(0, new Message.Hello(Wire.PROTOCOL_VERSION, name));
        assertThat(client.frames().read().message()).isInstanceOf(Message.Welcome.class);
        return client;
    }
}
