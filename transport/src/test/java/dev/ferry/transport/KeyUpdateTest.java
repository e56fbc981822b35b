package dev.ferry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS 1.3's KeyUpdate met mid-transfer. The peer (the JDK's engine, which sends one when asked to
 * begin a handshake on an established TLS 1.3 connection) asks for the keys to be updated both
 * ways; the side under test, with each engine, answers with a KeyUpdate of its own before its next
 * record of data, and the data goes on whole both ways. The JDK's engine asks for the answer to be
 * sent at once, which the reader does under the writer's lock even while the writer is busy;
 * BoringSSL's sends it with the side's next write. Between the two runs a relay that reads the
 * record headers of what the side under test sends: a KeyUpdate is a tiny record, and the data the
 * test sends before looking is whole records of 16 KiB.
 */
@Timeout(60)
class KeyUpdateTest {
    private static final int RECORD = 16 * 1024;
    /** A record this short holds no whole 16 KiB of application data: a KeyUpdate, where the test looks. */
    private static final int SMALL_RECORD = 64;

    private static ServerIdentity identity;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ServerSocketChannel listener;
    private ServerSocketChannel relayListener;

    @BeforeAll
    static void makeIdentity() throws IOException {
        identity = ServerIdentity.create();
    }

    @BeforeEach
    void listen() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        listener = ServerSocketChannel.open().bind(loopback);
        relayListener = ServerSocketChannel.open().bind(loopback);
    }

    @AfterEach
    void stop() throws IOException {
        pool.shutdownNow();
        listener.close();
        relayListener.close();
        System.clearProperty("ferry.tls.engine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void theReaderAnswersAKeyUpdateAtOnceAndTheDataGoesOnWholeBothWays(String engine) throws Exception {
        System.setProperty("ferry.tls.engine", "jdk");
        TlsEngines peerSide = TlsEngines.forServer(identity.key(), identity.certificate());
        System.setProperty("ferry.tls.engine", engine);
        TlsEngines testedSide = TlsEngines.forClient();
        assertThat(testedSide.engineName()).isEqualTo(engine.equals("jdk") ? "JDK" : "BoringSSL");

        Relay relay = new Relay();
        CompletableFuture<TlsTransport> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                TlsTransport transport = peerSide.open(listener.accept());
                transport.handshake();
                return transport;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        CompletableFuture.runAsync(relay::run, pool);
        TlsTransport tested = testedSide.open(SocketChannel.open(relayListener.getLocalAddress()));
        tested.handshake();
        TlsTransport peer = accepted.get(10, TimeUnit.SECONDS);
        relay.handshakeOver(); // the peer has the tested side's Finished: whatever comes from it now comes after

        // 1. The tested side only reads. The peer sends, asks for a key update halfway, and sends on.
        byte[] down = random(64 * RECORD, 1);
        CompletableFuture<Void> peerWrites = CompletableFuture.runAsync(() -> {
            try {
                peer.write(ByteBuffer.wrap(down, 0, down.length / 2));
                peer.engine().beginHandshake(); // TLS 1.3: a KeyUpdate asking for one back
                peer.write(ByteBuffer.wrap(down, down.length / 2, down.length / 2));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        assertThat(readAll(tested, down.length)).isEqualTo(down);
        peerWrites.get(10, TimeUnit.SECONDS);
        if (engine.equals("jdk")) {
            // the tested side has written nothing, yet its answer is on the way: the reader sent it
            Integer answer = relay.records.poll(10, TimeUnit.SECONDS);

            assertThat(answer).as("a KeyUpdate from the reader's side, unprompted by any write").isLessThan(SMALL_RECORD);
        }
        // BoringSSL holds its answer back until its side next sends, as TLS 1.3 allows ("prior to sending
        // its next Application Data record"): either way it comes before the first record of data
        tested.write(ByteBuffer.wrap(down, 0, RECORD));
        assertThat(readAll(peer, RECORD)).isEqualTo(java.util.Arrays.copyOf(down, RECORD));
        if (!engine.equals("jdk")) {
            assertThat(relay.records.poll(10, TimeUnit.SECONDS)).as("the KeyUpdate, before the data").isLessThan(SMALL_RECORD);
        }
        assertThat(relay.records.poll(10, TimeUnit.SECONDS)).as("then data").isGreaterThanOrEqualTo(SMALL_RECORD);

        // 2. Both ways at once, and another key update halfway: the tested side's reader answers while
        //    its writer is busy, under the same lock, and both streams arrive whole under the new keys.
        byte[] up = random(256 * RECORD, 2);
        byte[] downAgain = random(256 * RECORD, 3);
        CompletableFuture<byte[]> peerReads = CompletableFuture.supplyAsync(() -> readAll(peer, up.length), pool);
        CompletableFuture<Void> testedWrites = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < up.length; i += 32 * RECORD) {
                    tested.write(ByteBuffer.wrap(up, i, 32 * RECORD));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        CompletableFuture<Void> peerWritesAgain = CompletableFuture.runAsync(() -> {
            try {
                peer.write(ByteBuffer.wrap(downAgain, 0, downAgain.length / 2));
                peer.engine().beginHandshake();
                peer.write(ByteBuffer.wrap(downAgain, downAgain.length / 2, downAgain.length / 2));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        assertThat(readAll(tested, downAgain.length)).isEqualTo(downAgain);
        testedWrites.get(30, TimeUnit.SECONDS);
        peerWritesAgain.get(30, TimeUnit.SECONDS);
        assertThat(peerReads.get(30, TimeUnit.SECONDS)).isEqualTo(up);
        tested.close();
        peer.close();
    }

    /**
     * Joins the tested side to the peer, passing bytes on untouched both ways, and reads the record
     * headers of what the tested side sends: the length of each short record after the handshake.
     */
    private final class Relay {
        /** The length of every record the tested side sent after the handshake, in order. */
        final BlockingQueue<Integer> records = new LinkedBlockingQueue<>();
        private volatile boolean counting;

        void handshakeOver() {
            counting = true;
        }

        void run() {
            try (SocketChannel tested = relayListener.accept();
                    SocketChannel peer = SocketChannel.open(listener.getLocalAddress())) {
                CompletableFuture<Void> down = CompletableFuture.runAsync(() -> copy(peer, tested), pool);
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                int header = 0;
                int length = 0;
                long bodyLeft = 0;
                while (tested.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    for (int i = buffer.position(); i < buffer.limit(); ) {
                        if (bodyLeft > 0) {
                            int skip = (int) Math.min(bodyLeft, buffer.limit() - i);
                            bodyLeft -= skip;
                            i += skip;
                            continue;
                        }
                        int b = buffer.get(i++) & 0xFF;
                        header++;
                        if (header == 4) {
                            length = b << 8;
                        } else if (header == 5) {
                            length |= b;
                            header = 0;
                            bodyLeft = length;
                            if (counting) {
                                records.add(length);
                            }
                        }
                    }
                    while (buffer.hasRemaining()) {
                        peer.write(buffer);
                    }
                }
                down.join();
            } catch (IOException e) {
                // the test has ended the connection
            }
        }

        private void copy(SocketChannel from, SocketChannel to) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                }
            } catch (IOException e) {
                // the test has ended the connection
            }
        }
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] readAll(Transport transport, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (transport.read(buffer) < 0) {
                    throw new IllegalStateException("ended after " + buffer.position() + " bytes");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.array();
    }
}
