package dev.ferry.daemon.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.TestDaemon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferryd as another TLS implementation sees it: OpenSSL's s_client (which .ci/run installs)
 * negotiates TLS 1.3 and gets the certificate whose key the printed fingerprint names; asked for
 * TLS 1.2, it gets nowhere.
 */
@Timeout(60)
class OpensslTest {
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

    @TempDir
    Path dir;

    TestDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(dir.resolve("files"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void sClientNegotiatesTls13AndSeesThePrintedFingerprint() throws Exception {
        String out = sClient("-tls1_3");
        assertThat(out).containsPattern("New, TLSv1\\.3, Cipher is TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
        Matcher pem = CERTIFICATE.matcher(out);
        assertThat(pem.find()).as(out).isTrue();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII)));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        assertThat("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest)).isEqualTo(daemon.fingerprint());
    }

    @Test
    void aTls12HandshakeFails() throws Exception {
        String out = sClient("-tls1_2");
        assertThat(out).contains("alert protocol version", "New, (NONE), Cipher is (NONE)");
    }

    private String sClient(String version) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + daemon.port(),
                version, "-showcerts"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // end of input: s_client says Q after the handshake
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
