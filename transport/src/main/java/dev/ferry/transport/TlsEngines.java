package dev.ferry.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.channels.SocketChannel;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Makes TLS 1.3 connections, with BoringSSL's engine where its native library loads (netty-tcnative)
 * and the JDK's elsewhere: both are {@link SSLEngine}s, so {@link TlsTransport} runs either.
 * BoringSSL moves AES-GCM several times faster than the JDK's engine on the same machine.
 *
 * <p>The system property {@code ferry.tls.engine} ({@code jdk} or {@code boringssl}) picks one,
 * for measuring them side by side; asking for BoringSSL where it does not load gives the JDK's.
 *
 * <p>The client trusts any certificate at the TLS layer: which server is the right one is decided
 * afterwards, by its fingerprint against the pins the user keeps (as SSH does with host keys), so
 * there is no certificate authority and no host name to check.
 */
public final class TlsEngines {
    /** TLS 1.3 and nothing older: a TLS 1.2 hello is refused. */
    public static final String PROTOCOL = "TLSv1.3";
    private static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private final SslContext context;
    private final boolean boringSsl;
    /** The client's side of this process, made on first use; see {@link #client}. */
    private static TlsEngines sharedClient;

    private TlsEngines(SslContext context, boolean boringSsl) {
        this.context = context;
        this.boringSsl = boringSsl;
    }

    /** The server's side, presenting {@code certificate}. */
    public static TlsEngines forServer(PrivateKey key, X509Certificate certificate) throws SSLException {
        boolean boring = boringSslWanted();
        SslContext context = SslContextBuilder.forServer(key, certificate)
                .sslProvider(boring ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOL)
                .ciphers(CIPHERS)
                .build();
        return new TlsEngines(context, boring);
    }

    /** The client's side; the server's certificate is checked against the pins after the handshake. */
    public static TlsEngines forClient() throws SSLException {
        boolean boring = boringSslWanted();
        SslContext context = SslContextBuilder.forClient()
                .sslProvider(boring ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOL)
                .ciphers(CIPHERS)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .build();
        return new TlsEngines(context, boring);
    }

    /**
     * The client's side, made once per process and shared by its connections. Making it is most of
     * what TLS costs a short-lived client: loading BoringSSL, probing its ciphers, and the JDK's
     * own TLS set-up that netty consults, a few hundred milliseconds of CPU. A client calls this
     * early on another thread, so that work overlaps its own start; a connection that needs the
     * engines meanwhile waits for that call to finish rather than starting a second one.
     */
    public static synchronized TlsEngines client() throws SSLException {
        if (sharedClient == null) {
            sharedClient = forClient();
        }
        return sharedClient;
    }

    /** "BoringSSL" or "JDK": the engine this process runs. */
    public String engineName() {
        return boringSsl ? "BoringSSL" : "JDK";
    }

    /** A transport over {@code socket}, its handshake not yet run ({@link TlsTransport#handshake}). */
    public TlsTransport open(SocketChannel socket) {
        return new TlsTransport(socket, newEngine(), engineName(), boringSsl);
    }

    /** A fresh engine in this side's mode; for tests and measurements that drive it themselves. */
    public SSLEngine newEngine() {
        return context.newEngine(ByteBufAllocator.DEFAULT);
    }

    /** Why BoringSSL does not run here, or null if it does. */
    public static String whyNotBoringSsl() {
        Throwable cause = OpenSsl.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }

    private static boolean boringSslWanted() {
        String wanted = System.getProperty("ferry.tls.engine", "").toLowerCase(Locale.ROOT);
        if (wanted.equals("jdk")) {
            return false;
        }
        return OpenSsl.isAvailable();
    }
}
