package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Thirty clients at the same instant against three slots. */
@Timeout(120)
class CapacityRaceTest {
    static final int CLIENTS = 30;

    @TempDir
    Path repository;

    @Test
    void exactlyThreeOfThirtySimultaneousClientsGetNamesAndTheRestAClearRefusal() throws Exception {
        try (TestDaemon daemon = TestDaemon.start(repository, b -> b.maxClients(3))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RawClient>> attempts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Callable<RawClient> attempt = () -> {
                    RawClient client = RawClient.connect(daemon.address());
                    ready.countDown();
                    go.await();
                    client.send(0, new Message.Hello(Wire.PROTOCOL_VERSION, "racer"));
                    return client;
                };
                attempts.add(pool.submit(attempt));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();

            List<String> names = new ArrayList<>();
            List<RawClient> admitted = new ArrayList<>();
            int refused = 0;
            for (Future<RawClient> attempt : attempts) {
                RawClient client = attempt.get(60, TimeUnit.SECONDS);
                Message answer = client.next().message();
                if (answer instanceof Message.Welcome welcome) {
                    names.add(welcome.clientName());
                    admitted.add(client);
                } else {
                    assertThat(answer).isEqualTo(new Message.Refused(ErrorCode.SERVER_FULL,
                            "server full: 3 of 3 clients are connected; try again when one leaves"));
                    refused++;
                    client.close();
                }
            }
            assertThat(names).containsExactlyInAnyOrder("Client01", "Client02", "Client03");
            assertThat(refused).isEqualTo(CLIENTS - 3);

            // one leaves: exactly one of the refused, asking again, gets its slot
            RawClient leaving = admitted.remove(0);
            leaving.send(9, new Message.Exit());
            while (!(leaving.next().message() instanceof Message.Bye)) {
                // events about the others, then the goodbye
            }
            leaving.close();
            long asked = System.nanoTime();
            RawClient retry = RawClient.admitted(daemon.address());
            long retryAdmittedIn = (System.nanoTime() - asked) / 1_000_000;
            assertThat(retry.welcome().clientName()).isEqualTo("Client04");
            admitted.add(retry);
            try (RawClient another = RawClient.hello(daemon.address())) {
                assertThat(another.next().message()).isEqualTo(new Message.Refused(ErrorCode.SERVER_FULL,
                        "server full: 3 of 3 clients are connected; try again when one leaves"));
            }

            for (RawClient client : admitted) {
                client.send(9, new Message.Exit());
                while (!(client.next().message() instanceof Message.Bye)) {
                    // events about the others, then the goodbye
                }
                client.close();
            }
            List<String> next = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient client = RawClient.admitted(daemon.address());
                next.add(client.welcome().clientName());
                admitted.add(client);
            }
            assertThat(next).containsExactly("Client05", "Client06", "Client07");
            for (RawClient client : admitted) {
                client.close();
            }
            pool.shutdown();
            Figures.record("capacity race", CLIENTS + " clients at once against 3 slots: " + names.size() + " named "
                    + names.stream().sorted().toList() + ", " + refused + " refused with SERVER_FULL; one left and a refused"
                    + " client asking again was admitted in " + retryAdmittedIn + " ms as " + retry.welcome().clientName()
                    + " while the next was still refused; after all left, the next three got " + next);
        }
    }
}
