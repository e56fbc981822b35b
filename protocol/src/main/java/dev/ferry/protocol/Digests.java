package dev.ferry.protocol;

import java.util.Objects;

/** Checks on the SHA-256 digests that messages carry. */
final class Digests {
    private Digests() {}

    /** A defensive copy of a digest, which must be {@link Wire#SHA256_BYTES} long. */
    static byte[] copy(byte[] sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != Wire.SHA256_BYTES) {
            throw new IllegalArgumentException("sha256 must be " + Wire.SHA256_BYTES + " bytes");
        }
        return sha256.clone();
    }
}
