package dev.ferry.transport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's own key pair and self-signed certificate, made on its first start and kept in its
 * state folder: {@code server.key} (PKCS #8, mode 0600) and {@code server.crt}, in a folder of mode
 * 0700. Clients know the server by the key's {@link Fingerprint}, not by a certificate authority.
 *
 * <p>The key is an ECDSA P-256 key, which every TLS 1.3 engine supports and signs with quickly. The
 * certificate is valid for a century: nothing checks its dates against a calendar that matters, and
 * an expired pin would only teach users to accept changed keys.
 */
public final class ServerIdentity {
    public static final String KEY_FILE = "server.key";
    public static final String CERTIFICATE_FILE = "server.crt";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Duration VALIDITY = Duration.ofDays(36525);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final boolean created;

    private ServerIdentity(PrivateKey key, X509Certificate certificate, boolean created) {
        this.key = key;
        this.certificate = certificate;
        this.created = created;
    }

    /**
     * Loads the identity kept in {@code stateDir}, or makes one there if there is none. The folder
     * is made with mode 0700 (and set to it if it is looser); the key is written with mode 0600
     * from its first byte.
     *
     * @throws IOException if the folder cannot be made or the files cannot be read or are damaged
     */
    public static ServerIdentity loadOrCreate(Path stateDir) throws IOException {
        ensureFolder(stateDir);
        Path keyFile = stateDir.resolve(KEY_FILE);
        Path certificateFile = stateDir.resolve(CERTIFICATE_FILE);
        if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            return load(keyFile, certificateFile);
        }
        ServerIdentity made = create();
        writeAtomically(certificateFile, pem(made.certificate), null);
        writeAtomically(keyFile, pem(new JcaPKCS8Generator(made.key, null)), KEY_MODE);
        return made;
    }

    /** A fresh identity kept nowhere; for tests. */
    public static ServerIdentity create() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=ferryd");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(64, new SecureRandom());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(pair.getPrivate()));
            return new ServerIdentity(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder), true);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the server's key: " + e.getMessage(), e);
        }
    }

    public PrivateKey key() {
        return key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** {@code SHA256:…}, as clients see it. */
    public String fingerprint() {
        return Fingerprint.of(certificate);
    }

    /** True if this start made the identity. */
    public boolean created() {
        return created;
    }

    private static ServerIdentity load(Path keyFile, Path certificateFile) throws IOException {
        try (Reader keyReader = new StringReader(Files.readString(keyFile, StandardCharsets.US_ASCII));
                Reader certificateReader = new StringReader(Files.readString(certificateFile, StandardCharsets.US_ASCII));
                PEMParser keyParser = new PEMParser(keyReader);
                PEMParser certificateParser = new PEMParser(certificateReader)) {
            Object keyObject = keyParser.readObject();
            Object certificateObject = certificateParser.readObject();
            if (!(keyObject instanceof PrivateKeyInfo info) || !(certificateObject instanceof X509CertificateHolder holder)) {
                throw new IOException("damaged server key or certificate in " + keyFile.getParent()
                        + "; move " + KEY_FILE + " and " + CERTIFICATE_FILE + " away to make a new identity");
            }
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new ServerIdentity(key, certificate, false);
        } catch (GeneralSecurityException e) {
            throw new IOException("damaged server certificate in " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    private static void ensureFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        }
        if (!Files.getPosixFilePermissions(folder).equals(FOLDER_MODE)) {
            Files.setPosixFilePermissions(folder, FOLDER_MODE);
        }
    }

    /** Writes beside the target, then moves it in place: never half a file, and the key never readable by others. */
    private static void writeAtomically(Path target, String text, Set<PosixFilePermission> mode) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".new",
                PosixFilePermissions.asFileAttribute(mode != null ? mode : KEY_MODE));
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            if (mode == null) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (Writer out = text; JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof JcaPKCS8Generator generator ? generator.generate() : object);
        }
        return text.toString();
    }
}
