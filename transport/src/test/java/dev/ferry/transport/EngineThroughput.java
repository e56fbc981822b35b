package dev.ferry.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * Measures an engine in memory: 1 GiB through TLS 1.3 with AES-128-GCM, one thread sealing and
 * one opening, records handed over through a queue. Not a test; run by hand:
 * {@code java -cp <test classpath> dev.ferry.transport.EngineThroughput [jdk|boringssl] [MiB]}.
 */
public final class EngineThroughput {
    private EngineThroughput() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("ferry.tls.engine", args.length > 0 ? args[0] : "boringssl");
        long total = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        ServerIdentity identity = ServerIdentity.create();
        TlsEngines serverSide = TlsEngines.forServer(identity.key(), identity.certificate());
        TlsEngines clientSide = TlsEngines.forClient();
        for (int round = 0; round < 3; round++) {
            SSLEngine server = serverSide.newEngine();
            SSLEngine client = clientSide.newEngine();
            handshake(client, server);
            long started = System.nanoTime();
            BlockingQueue<ByteBuffer> records = new ArrayBlockingQueue<>(64);
            BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(65);
            for (int i = 0; i < 65; i++) {
                free.add(ByteBuffer.allocateDirect(client.getSession().getPacketBufferSize()));
            }
            Thread opener = new Thread(() -> open(server, records, free, total));
            opener.start();
            ByteBuffer plain = ByteBuffer.allocateDirect(256 * 1024);
            long sent = 0;
            while (sent < total) {
                plain.clear();
                while (plain.hasRemaining()) {
                    ByteBuffer out = free.take().clear();
                    SSLEngineResult result = client.wrap(plain, out);
                    sent += result.bytesConsumed();
                    records.put(out.flip());
                }
            }
            opener.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s %s: %d MiB in %.2f s (%.0f MiB/s)%n", serverSide.engineName(),
                    client.getSession().getCipherSuite(), total >> 20, seconds, (total >> 20) / seconds);
        }
    }

    private static void open(SSLEngine engine, BlockingQueue<ByteBuffer> records, BlockingQueue<ByteBuffer> free,
            long total) {
        ByteBuffer plain = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize() + 1024);
        long received = 0;
        try {
            while (received < total) {
                ByteBuffer record = records.take();
                while (record.hasRemaining()) {
                    plain.clear();
                    received += engine.unwrap(record, plain).bytesProduced();
                }
                free.put(record);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        client.beginHandshake();
        server.beginHandshake();
        ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
        ByteBuffer scratch = ByteBuffer.allocate(1 << 17);
        for (int i = 0; i < 100; i++) {
            step(client, toServer, toClient, scratch);
            step(server, toClient, toServer, scratch);
            if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
        }
        throw new IllegalStateException("no handshake");
    }

    private static boolean done(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer scratch) throws Exception {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        engine.wrap(ByteBuffer.allocate(0), out);
        in.flip();
        scratch.clear();
        engine.unwrap(in, scratch);
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        engine.wrap(ByteBuffer.allocate(0), out);
        in.compact();
    }
}
