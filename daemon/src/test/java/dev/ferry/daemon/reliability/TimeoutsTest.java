package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.JvmResources;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.SettableTicker;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every wait the daemon does on a client is bounded. Live tests time what happens against short
 * timeouts, with bounds wide enough for a busy machine yet well short of the next thing that could
 * explain the result; tests of long timeouts move the daemon's clock instead of waiting.
 */
@Timeout(60)
class TimeoutsTest {

    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    private RawClient track(RawClient client) {
        clients.add(client);
        return client;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void idleConnectionsThatNeverSayHelloDoNotLockRealClientsOut() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.handshakeTimeout(Duration.ofSeconds(2)));
        List<RawClient> idle = new ArrayList<>();
        List<Long> connectedAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long connecting = System.nanoTime(); // before TLS's handshake, which comes after the daemon's accept
            idle.add(track(RawClient.connect(daemon.address()))); // as three `nc 127.0.0.1 50000` would
            connectedAt.add(connecting);
        }
        long asked = System.nanoTime();
        RawClient real = track(RawClient.admitted(daemon.address()));
        long admittedMillis = millisSince(asked);
        assertThat(real.welcome().clientName()).isEqualTo("Client01");
        assertThat(admittedMillis).as("admitted at once, not after the silent ones time out").isLessThan(1000);

        List<Long> refusedAfter = new ArrayList<>();
        for (int i = 0; i < idle.size(); i++) {
            RawClient silent = idle.get(i);
            assertThat(silent.next().message()).isEqualTo(new Refused(ErrorCode.HANDSHAKE_TIMEOUT, "no HELLO within 2 s"));
            refusedAfter.add(millisSince(connectedAt.get(i)));
            assertThat(silent.closedByServer()).isTrue();
        }
        // the daemon accepted each after it connected, so never before 2 s; the watchdog looks every 100 ms
        assertThat(refusedAfter).allSatisfy(millis -> assertThat(millis).isBetween(2000L, 4000L));
        assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
        Figures.record("timeouts", "3 silent connections (no HELLO) and a real client: the real one admitted in "
                + admittedMillis + " ms; the silent ones refused with HANDSHAKE_TIMEOUT after " + refusedAfter
                + " ms (timeout 2000 ms)");
    }

    @Test
    void aSilentClientIsToldAndDisconnectedAfterTheIdleTimeout() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.idleTimeout(Duration.ofMillis(500)));
        RawClient client = track(RawClient.admitted(daemon.address()));
        // the daemon's idle clock starts when the PING arrives, never before it is sent; the PONG
        // may reach this side much later on a loaded machine, so the clock here starts at the send
        long lastRequest = System.nanoTime();
        client.send(1, new Message.Ping(1));
        assertThat(client.next().message()).isEqualTo(new Message.Pong(1));

        assertThat(client.next().message()).isEqualTo(new Message.Notice(ErrorCode.IDLE_TIMEOUT,
                "disconnected after 500 ms without a request"));
        long toldAfter = millisSince(lastRequest);
        assertThat(client.next().message()).isEqualTo(new Message.Bye("disconnected after 500 ms without a request"));
        assertThat(client.closedByServer()).isTrue();
        assertThat(toldAfter).isBetween(500L, 2500L);
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
        Figures.record("timeouts", "a client silent after its last request: NOTICE IDLE_TIMEOUT and BYE " + toldAfter
                + " ms after the last request was sent (idle timeout 500 ms)");
    }

    @Test
    void clientsThatStallADownloadOnItsWindowAreIdleAndGiveTheirSlotsBack() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.idleTimeout(Duration.ofSeconds(1)));
        bigFile(512L << 20);
        List<RawClient> stalled = new ArrayList<>();
        List<Long> askedAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient client = track(RawClient.admitted(daemon.address()));
            askedAt.add(System.nanoTime());
            client.send(1, new Message.Get("big.bin", 0, Wire.MIN_WINDOW)); // and never a WINDOW
            stalled.add(client);
        }
        RawClient early = track(RawClient.hello(daemon.address()));
        assertThat(early.next().message()).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.SERVER_FULL));

        String text = "disconnected after 1 s without a request (a download waited for WINDOW)";
        List<Long> toldAfter = new ArrayList<>();
        for (int i = 0; i < stalled.size(); i++) {
            RawClient client = stalled.get(i);
            long[] data = {0};
            Frame header = client.nextControl(data);
            for (int skip = 0; skip < 3 && header.message() instanceof Message.Event; skip++) {
                header = client.nextControl(data); // the others joining
            }
            assertThat(header.message()).isInstanceOf(Message.FileHeader.class);
            Frame notice = client.nextControl(data);
            while (notice.message() instanceof Message.Joined || notice.message() instanceof Message.Left) {
                notice = client.nextControl(data);
            }
            assertThat(data[0]).as("exactly the window, then nothing").isEqualTo(Wire.MIN_WINDOW);
            assertThat(notice.message()).isEqualTo(new Message.Notice(ErrorCode.IDLE_TIMEOUT, text));
            toldAfter.add(millisSince(askedAt.get(i)));
            assertThat(client.nextControl(data)).isEqualTo(new Frame(1, MessageType.ERROR.code(),
                    new Message.ErrorReply(ErrorCode.IDLE_TIMEOUT, "get big.bin stopped: idle timeout; get it again to resume")));
            assertThat(client.nextControl(data).message()).isEqualTo(new Message.Bye(text));
            assertThat(client.closedByServer()).isTrue();
        }
        // the idle clock starts after the GET, so never before 1 s; the watchdog looks every 100 ms
        assertThat(toldAfter).allSatisfy(millis -> assertThat(millis).isBetween(1000L, 4000L));
        long slotsBack = System.nanoTime();
        RawClient later = track(RawClient.admitted(daemon.address()));
        long admittedIn = millisSince(slotsBack);
        assertThat(later.welcome().clientName()).isEqualTo("Client04");
        assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
        Figures.record("timeouts", "3 clients holding every slot with a GET whose 64 KiB window they never widened: each was sent "
                + Wire.MIN_WINDOW + " bytes, then told NOTICE IDLE_TIMEOUT and disconnected " + toldAfter
                + " ms after its GET (idle timeout 1000 ms); a client refused meanwhile got in " + admittedIn + " ms after asking again");
    }

    @Test
    void anIdleTimeoutOfZeroNeverDisconnectsEvenAfterAHundredYears() throws Exception {
        SettableTicker ticker = new SettableTicker();
        daemon = TestDaemon.start(repository, b -> b.idleTimeout(Duration.ZERO), ticker);
        bigFile(64L << 20);
        RawClient silent = track(RawClient.admitted(daemon.address()));
        RawClient stalled = track(RawClient.admitted(daemon.address()));
        assertThat(silent.next().message()).isInstanceOf(Message.Joined.class);
        stalled.send(1, new Message.Get("big.bin", 0, Wire.MIN_WINDOW));
        assertThat(stalled.next().message()).isInstanceOf(Message.FileHeader.class);
        assertThat(stalled.next().message()).isEqualTo(new Message.Data(Wire.MIN_WINDOW)); // the whole window, and then it waits
        assertThat(daemon.daemon().awaitWritersIdle(Duration.ofSeconds(10))).isTrue();

        ticker.advance(Duration.ofDays(36_525));
        daemon.daemon().checkTimeouts();

        silent.send(2, new Message.Ping(2));
        assertThat(silent.next().message()).isEqualTo(new Message.Pong(2));
        stalled.send(3, new Message.Ping(3));
        assertThat(stalled.next().message()).isEqualTo(new Message.Pong(3));
        assertThat(daemon.daemon().liveSessions()).isEqualTo(2);
        Figures.record("timeouts", "--idle-timeout 0: a silent client and one stalled on its window, still connected after"
                + " the daemon's clock moved 36525 days");
    }

    @Test
    void theIdleTimeoutFallsDueOnTheDaemonsClockAndAWindowRestartsIt() throws Exception {
        SettableTicker ticker = new SettableTicker();
        daemon = TestDaemon.start(repository, b -> b, ticker); // the default: 30 minutes
        bigFile(64L << 20);
        RawClient client = track(RawClient.admitted(daemon.address()));
        client.send(1, new Message.Get("big.bin", 0, Wire.MIN_WINDOW));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        assertThat(client.next().message()).isEqualTo(new Message.Data(Wire.MIN_WINDOW));

        // 29 minutes on, the stalled client widens its window: the data flows again, and the clock starts again
        idleFor(ticker, Duration.ofMinutes(29));
        client.send(1, new Message.Window(Wire.MIN_WINDOW));
        assertThat(client.next().message()).isEqualTo(new Message.Data(Wire.MIN_WINDOW));

        idleFor(ticker, Duration.ofMinutes(29));
        client.send(4, new Message.Ping(4));
        assertThat(client.next().message()).as("58 minutes since GET, 29 since WINDOW").isEqualTo(new Message.Pong(4));

        idleFor(ticker, Duration.ofMinutes(30).plusSeconds(1));
        String text = "disconnected after 30 min 0 s without a request (a download waited for WINDOW)";
        assertThat(client.next().message()).isEqualTo(new Message.Notice(ErrorCode.IDLE_TIMEOUT, text));
        assertThat(client.next().message()).isInstanceOf(Message.ErrorReply.class);
        assertThat(client.next().message()).isEqualTo(new Message.Bye(text));
        Figures.record("timeouts", "on a clock moved forward: a download stalled on its window survived 29 min, was widened,"
                + " survived 29 min more, and was disconnected at 30 min 1 s (the default idle timeout, 30 min)");
    }

    /**
     * Replies that fit in the socket's buffers leave no write blocked: they sit in the kernel,
     * unsent, the writer idle and the reader waiting in read() for a client that reads nothing
     * and sends nothing. Nothing moving either way while bytes are owed is the write timeout too;
     * a client that read everything and fell silent is not touched by it.
     */
    @Test
    void aConnectionWhereNothingMovesWhileRepliesWaitInTheSocketIsDroppedAtTheWriteTimeout() throws Exception {
        SettableTicker ticker = new SettableTicker();
        // the test drives a raw socket's window itself: plain text, on loopback
        daemon = TestDaemon.start(repository, b -> b.maxClients(2).tls(false), ticker); // write timeout: the default, 60 s
        RawClient quiet = track(RawClient.admitted(daemon.address()));
        Socket stuck = new Socket();
        stuck.setReceiveBufferSize(4096);
        stuck.connect(daemon.address(), 5000);
        stuck.setSoTimeout(20_000);
        try (stuck) {
            RawClient.write(stuck, MessageCodec.encode(0, new Message.Hello(Wire.PROTOCOL_VERSION, "stuck")), Duration.ofSeconds(10));
            FrameReader frames = new FrameReader(Channels.newChannel(stuck.getInputStream()), FrameReader.Peer.SERVER, 1024);
            assertThat(frames.read().message()).isInstanceOf(Message.Welcome.class);
            assertThat(quiet.next().message()).isInstanceOf(Message.Joined.class);

            // about 140 KB of replies: more than the client's window, less than the daemon's socket takes at once
            int requests = 200;
            ByteBuffer said = MessageCodec.encode(requests + 1, new Message.Say("done"));
            ByteBuffer all = ByteBuffer.allocate(requests * Wire.HEADER_SIZE + said.remaining());
            for (int i = 1; i <= requests; i++) {
                all.put(MessageCodec.encode(i, new Message.Help()));
            }
            RawClient.write(stuck, all.put(said).flip(), Duration.ofSeconds(10));
            // the message comes after the requests: once it is out, their replies are queued
            assertThat(quiet.next().message()).isInstanceOfSatisfying(Message.Chat.class,
                    chat -> assertThat(chat.text()).isEqualTo("done"));
            assertThat(daemon.daemon().awaitWritersIdle(Duration.ofSeconds(10))).as("no write blocked").isTrue();

            ticker.advance(Duration.ofSeconds(59));
            daemon.daemon().checkTimeouts();
            assertThat(daemon.daemon().liveSessions()).as("within the write timeout").isEqualTo(2);

            ticker.advance(Duration.ofSeconds(2));
            daemon.daemon().checkTimeouts();
            Message.Left left = (Message.Left) quiet.next().message();
            assertThat(left.name()).isEqualTo("Client02");
            assertThat(left.reason()).startsWith("write timeout: the client stopped reading for 1 min 0 s (")
                    .endsWith(" bytes waited in the socket and nothing moved either way)");
            assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
            quiet.send(1, new Message.Ping(1));
            assertThat(quiet.next().message()).as("the client that read everything is still there").isEqualTo(new Message.Pong(1));
            Figures.record("timeouts", "on a clock moved forward: a client that sent " + requests + " HELPs and read none,"
                    + " its replies in the socket and no write blocked, was dropped between 59 s and 61 s of nothing moving"
                    + " (write timeout 60 s): \"" + left.reason() + "\"; a silent client that had read everything was kept");
        }
    }

    /** Lets the writer finish what it is doing, then moves the clock on and applies the timeouts. */
    private void idleFor(SettableTicker ticker, Duration duration) throws InterruptedException {
        assertThat(daemon.daemon().awaitWritersIdle(Duration.ofSeconds(10))).isTrue();
        ticker.advance(duration);
        daemon.daemon().checkTimeouts();
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeoutAndItsSlotFreed() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.writeTimeout(Duration.ofSeconds(1)).maxClients(2));
        bigFile(512L << 20);
        RawClient observer = track(RawClient.admitted(daemon.address()));
        RawClient stalled = track(RawClient.admitted(daemon.address()));
        assertThat(observer.next().message()).isInstanceOf(Message.Joined.class);

        long asked = System.nanoTime();
        stalled.send(1, new Message.Get("big.bin", 0)); // and never reads: the TCP window fills, the writer blocks

        assertThat(observer.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
            assertThat(left.name()).isEqualTo("Client02");
            assertThat(left.reason()).isEqualTo("write timeout: the client stopped reading for 1 s");
        });
        long droppedAfter = millisSince(asked);
        assertThat(droppedAfter).isBetween(1000L, 5000L);
        long left = System.nanoTime();
        assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
        long gone = millisSince(left);
        assertThat(JvmResources.threadsStillNamed("Client02", Duration.ofSeconds(10))).as("its reader and writer threads").isEmpty();
        assertThat(track(RawClient.admitted(daemon.address())).welcome().clientName()).isEqualTo("Client03");
        Figures.record("timeouts", "a client that stopped reading mid-download: dropped " + droppedAfter
                + " ms after its GET (write timeout 1000 ms); its reader and writer threads gone " + gone
                + " ms after LEFT; its slot taken by the next client");
    }

    /**
     * Replies the reader writes itself, until the socket is full: what is left goes to a writer
     * task, which blocks, and the write timeout applies as it does to a download.
     */
    @Test
    void aClientThatStopsReadingItsRepliesIsDroppedAfterTheWriteTimeoutAndItsSlotFreed() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.writeTimeout(Duration.ofSeconds(1)).tls(false).maxClients(2)
                .maxQueuedBytes(64L << 20));
        RawClient observer = track(RawClient.admitted(daemon.address()));
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(daemon.address(), 5000);
        stalled.setSoTimeout(20_000);
        try (stalled) {
            RawClient.write(stalled, MessageCodec.encode(0, new Message.Hello(Wire.PROTOCOL_VERSION, "stalled")),
                    RawClient.WRITE_DEADLINE);
            FrameReader frames = new FrameReader(Channels.newChannel(stalled.getInputStream()),
                    FrameReader.Peer.SERVER, 1024);
            assertThat(frames.read().message()).isInstanceOf(Message.Welcome.class);
            assertThat(observer.next().message()).isInstanceOf(Message.Joined.class);

            // about 14 MB of HELP replies, far more than the socket buffers hold; and it never reads again
            int requests = 20_000;
            ByteBuffer all = ByteBuffer.allocate(requests * Wire.HEADER_SIZE);
            for (int i = 1; i <= requests; i++) {
                all.put(MessageCodec.encode(i, new Message.Help()));
            }
            long asked = System.nanoTime();
            RawClient.write(stalled, all.array(), Duration.ofSeconds(10)); // the daemon reads them all: its reader never waits on the client

            assertThat(observer.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
                assertThat(left.name()).isEqualTo("Client02");
                assertThat(left.reason()).isEqualTo("write timeout: the client stopped reading for 1 s");
            });
            long droppedAfter = millisSince(asked);
            assertThat(droppedAfter).isBetween(1000L, 5000L);
            assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
            assertThat(JvmResources.threadsStillNamed("Client02", Duration.ofSeconds(10))).as("its reader and writer threads").isEmpty();
            assertThat(track(RawClient.admitted(daemon.address())).welcome().clientName()).isEqualTo("Client03");
            Figures.record("timeouts", "a client that sent " + requests + " HELPs and read none of the replies: dropped "
                    + droppedAfter + " ms after it began (write timeout 1000 ms); its slot taken by the next client");
        }
    }

    private void bigFile(long size) throws IOException {
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(size);
        }
    }
}
