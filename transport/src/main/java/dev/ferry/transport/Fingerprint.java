package dev.ferry.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A server's identity as people compare it: {@code SHA256:} and the unpadded Base64 of the SHA-256
 * of its public key (the DER SubjectPublicKeyInfo), written the way SSH writes host key
 * fingerprints. It names the key, not the certificate, so a certificate made anew for the same
 * key keeps its pins.
 */
public final class Fingerprint {
    public static final String PREFIX = "SHA256:";
    /** 32 bytes in unpadded Base64. */
    private static final int ENCODED_LENGTH = 43;

    private Fingerprint() {}

    public static String of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }

    public static String of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** True if {@code text} is written as a fingerprint: {@code SHA256:} and 43 Base64 characters. */
    public static boolean isWellFormed(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() != PREFIX.length() + ENCODED_LENGTH) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(text.substring(PREFIX.length()) + "=").length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
