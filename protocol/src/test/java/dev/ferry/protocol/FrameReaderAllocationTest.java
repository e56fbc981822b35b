package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.testing.FigureFile;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a frame that lies about its length costs the reader, measured: the heap this thread
 * allocates (com.sun.management.ThreadMXBean) and the direct memory in use, around reads of
 * frames that claim anything from just past the limit to 2 GiB and bring a few bytes.
 */
@Timeout(60)
class FrameReaderAllocationTest {
    static final int WARM_UP = 2_000;
    static final int MEASURED = 2_000;
    /** Far below any claimed length, far above an exception and its message. */
    static final long HEAP_BOUND = 16 * 1024;

    @Test
    void aFrameClaimingUpToTwoGibibytesAllocatesOnlyItsErrorWhateverItClaims() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long thread = Thread.currentThread().getId();
        Random random = new Random(5);

        for (int i = 0; i < WARM_UP; i++) {
            readLyingFrame(random); // loads and compiles what the error path uses
        }
        long maxHeap = 0;
        long totalHeap = 0;
        long maxDirect = 0;
        for (int i = 0; i < MEASURED; i++) {
            byte[] frame = lyingFrame(random);
            TrickleChannel channel = new TrickleChannel(frame, 4096);
            ProtocolException refused = null;
            long directBefore = direct.getMemoryUsed();
            long heapBefore = threads.getThreadAllocatedBytes(thread);
            try {
                new FrameReader(channel, Peer.CLIENT, 64).read();
            } catch (ProtocolException e) {
                refused = e;
            }
            long heap = threads.getThreadAllocatedBytes(thread) - heapBefore;
            long directGrowth = direct.getMemoryUsed() - directBefore;
            assertThat(refused).isNotNull().hasMessageContaining("exceeds the");
            maxHeap = Math.max(maxHeap, heap);
            totalHeap += heap;
            maxDirect = Math.max(maxDirect, directGrowth);
        }
        assertThat(maxHeap).isLessThan(HEAP_BOUND);
        assertThat(maxDirect).as("direct memory: the reader's first 64-byte buffer at most").isLessThanOrEqualTo(64);
        FigureFile.record("allocation", MEASURED + " frames claiming " + (Wire.MAX_CONTROL_PAYLOAD + 1)
                + " bytes to 2 GiB, each read by a new reader: heap allocated per frame " + totalHeap / MEASURED
                + " bytes on average, " + maxHeap + " at most (the reader and its ProtocolException included); direct memory "
                + maxDirect + " bytes at most (the reader's first buffer)");
    }

    private static void readLyingFrame(Random random) {
        FrameReader reader = new FrameReader(new TrickleChannel(lyingFrame(random), 4096), Peer.CLIENT, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class);
    }

    /** A SAY header claiming more than any control frame may hold, with 16 bytes of payload. */
    private static byte[] lyingFrame(Random random) {
        int claimed = Wire.MAX_CONTROL_PAYLOAD + 1 + random.nextInt(Integer.MAX_VALUE - Wire.MAX_CONTROL_PAYLOAD);
        return ByteBuffer.allocate(Wire.HEADER_SIZE + 16).putInt(claimed).put((byte) MessageType.SAY.code()).putInt(1)
                .put(new byte[16]).array();
    }
}
