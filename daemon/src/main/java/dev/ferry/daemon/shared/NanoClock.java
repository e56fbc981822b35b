package dev.ferry.daemon.shared;

/**
 * The monotonic clock every timeout is measured on: when a connection was accepted, last heard
 * from, last written to, and when the watchdog looks. {@link #SYSTEM} in the daemon; a test can
 * move one forward to see what a timeout does after an hour or a year, without waiting for it.
 */
@FunctionalInterface
public interface NanoClock {
    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();
}
