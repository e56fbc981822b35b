package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Uploads through the transfer engine, against the fake server's side of PROTOCOL.md's "Uploads". */
@Timeout(60)
class UploadTest {
    static final int SIZE = 3 * (1 << 20) + 12_345;

    @TempDir
    Path local;

    FakeServer server;
    final List<FerryClient> clients = new ArrayList<>();
    byte[] content = FakeServer.pattern(SIZE);
    Path file;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.builder().start();
        server.writable = true;
        file = local.resolve("big.bin");
        Files.write(file, content);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(FerryClient::close);
        server.close();
    }

    FerryClient connect() throws FerryException {
        FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", server.port()).withTls(false),
                ClientListener.NONE);
        clients.add(client);
        return client;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    long bytesReceivedByServer() {
        return server.uploadArrivals.stream().mapToLong(arrival -> arrival[1]).sum();
    }

    @Test
    void anUploadWiderThanItsWindowArrivesWholeAndVerified() throws Exception {
        UploadResult result = await(connect().upload(file, "in/big.bin", false, UploadListener.NONE).result());

        assertThat(server.uploaded.get("in/big.bin")).isEqualTo(content);
        assertThat(result.sha256()).isEqualTo(DigestUtils.sha256Hex(content));
        assertThat(result.size()).isEqualTo(SIZE);
        assertThat(result.resumedFrom()).isZero();
        assertThat(result.replaced()).isFalse();
        assertThat(bytesReceivedByServer()).isEqualTo(SIZE);
        assertThat(server.puts.poll()).isEqualTo(new Message.Put("in/big.bin", SIZE, false, true));
    }

    @Test
    void anEmptyFileIsUploadedToo() throws Exception {
        Path empty = Files.createFile(local.resolve("empty.txt"));
        UploadResult result = await(connect().upload(empty, "empty.txt", false, UploadListener.NONE).result());
        assertThat(server.uploaded.get("empty.txt")).isEmpty();
        assertThat(result.sha256()).isEqualTo(DigestUtils.sha256Hex(new byte[0]));
    }

    @Test
    void progressIsToldAsTheBytesGo() throws Exception {
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        await(connect().upload(file, "big.bin", false, new UploadListener() {
            @Override
            public void progress(Upload upload, long sent, long size) {
                seen.add(sent);
            }
        }).result());
        assertThat(seen).isSorted().last().isEqualTo((long) SIZE);
    }

    @Test
    void anUploadResumesFromWhatTheServerHoldsAndSendsOnlyTheRest() throws Exception {
        int held = 1_500_000;
        server.held.put("big.bin", Arrays.copyOf(content, held));

        Upload upload = connect().upload(file, "big.bin", false, UploadListener.NONE);
        UploadResult result = await(upload.result());

        assertThat(result.resumedFrom()).isEqualTo(held);
        assertThat(result.transferred()).isEqualTo(SIZE - held);
        assertThat(bytesReceivedByServer()).isEqualTo(SIZE - held);
        assertThat(server.uploaded.get("big.bin")).isEqualTo(content);
    }

    @Test
    void whatTheServerHoldsOfAnotherFileIsDroppedAndTheFileSentWhole() throws Exception {
        byte[] other = new byte[1_000_000];
        Arrays.fill(other, (byte) 7);
        server.held.put("big.bin", other);

        UploadResult result = await(connect().upload(file, "big.bin", false, UploadListener.NONE).result());

        assertThat(server.puts).extracting(Message.Put::resume).containsExactly(true, false);
        assertThat(result.resumedFrom()).isZero();
        assertThat(server.uploaded.get("big.bin")).isEqualTo(content);
    }

    @Test
    void anUploadCutOffPartWayResumesOnTheNextConnectionWithOnlyTheMissingBytes() throws Exception {
        server.cutUploadsAfter = 1 << 20;
        Upload first = connect().upload(file, "big.bin", false, UploadListener.NONE);
        assertThatThrownBy(() -> await(first.result())).cause().isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.LOST)).hasMessageContaining("put it again to resume");
        long kept = server.held.get("big.bin").length;
        assertThat(kept).isGreaterThanOrEqualTo(1 << 20);

        server.cutUploadsAfter = -1;
        server.uploadArrivals.clear();
        UploadResult result = await(connect().upload(file, "big.bin", false, UploadListener.NONE).result());

        assertThat(result.resumedFrom()).isEqualTo(kept);
        assertThat(bytesReceivedByServer()).isEqualTo(SIZE - kept);
        assertThat(server.uploaded.get("big.bin")).isEqualTo(content);
    }

    @Test
    void aServerThatTakesNoUploadsRefusesWithNotAllowed() throws Exception {
        server.writable = false;
        FerryClient client = connect();
        assertThat(client.mayWrite()).isFalse();
        assertThatThrownBy(() -> await(client.upload(file, "big.bin", false, UploadListener.NONE).result()))
                .cause().isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY);
                    assertThat(e.notAllowed()).isTrue();
                });
        assertThat(server.uploaded).isEmpty();
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAskedFor() throws Exception {
        server.uploaded.put("big.bin", new byte[] {1, 2, 3});
        FerryClient client = connect();
        assertThatThrownBy(() -> await(client.upload(file, "big.bin", false, UploadListener.NONE).result()))
                .cause().isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.EXISTS));
        assertThat(server.uploaded.get("big.bin")).containsExactly(1, 2, 3);

        UploadResult result = await(client.upload(file, "big.bin", true, UploadListener.NONE).result());
        assertThat(result.replaced()).isTrue();
        assertThat(server.uploaded.get("big.bin")).isEqualTo(content);
    }

    @Test
    void aMissingOrFolderSourceFailsLocallyWithoutAPut() throws Exception {
        FerryClient client = connect();
        assertThatThrownBy(() -> await(client.upload(local.resolve("nope.txt"), "nope.txt", false, UploadListener.NONE).result()))
                .cause().hasMessage("no such file: " + local.resolve("nope.txt"));
        assertThatThrownBy(() -> await(client.upload(local, "folder", false, UploadListener.NONE).result()))
                .cause().hasMessage(local + " is a folder");
        assertThat(server.puts).isEmpty();
    }

    @Test
    void theDigestSentIsTheWholeFilesEvenWhenResumed() throws Exception {
        server.held.put("big.bin", Arrays.copyOf(content, 2 << 20));
        UploadResult result = await(connect().upload(file, "big.bin", false, UploadListener.NONE).result());
        assertThat(HexFormat.of().parseHex(result.sha256())).isEqualTo(DigestUtils.sha256(content));
    }
}
