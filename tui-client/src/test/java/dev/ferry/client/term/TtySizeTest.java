package dev.ferry.client.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TtySizeTest {
    final AtomicLong clock = new AtomicLong();
    final AtomicInteger asked = new AtomicInteger();
    final Deque<String> answers = new ArrayDeque<>();

    TtySize size(Map<String, String> env) {
        return new TtySize(env, () -> {
            asked.incrementAndGet();
            return answers.isEmpty() ? null : answers.poll();
        }, clock::get);
    }

    @Test
    void columnsAndLinesFromTheEnvironmentWinAndSttyIsNotAsked() {
        answers.add("50 200");
        assertThat(size(Map.of("COLUMNS", "100", "LINES", "30")).get()).isEqualTo(new Dimensions(100, 30));
        assertThat(asked).hasValue(0);
    }

    @Test
    void whatTheEnvironmentLeavesOutSttyTells() {
        answers.add("50 200\n");
        assertThat(size(Map.of("COLUMNS", "100")).get()).isEqualTo(new Dimensions(100, 50));
    }

    @Test
    void withNeitherItIsEightyByTwentyFour() {
        assertThat(size(Map.of()).get()).isEqualTo(new Dimensions(80, 24));
        answers.add("0 0");
        assertThat(size(Map.of("COLUMNS", "wide", "LINES", "-3")).get()).isEqualTo(Dimensions.DEFAULT);
    }

    @Test
    void sttyIsAskedAgainAtMostOnceASecondSoAResizeIsNoticed() {
        answers.add("24 80");
        answers.add("24 60");
        TtySize size = size(Map.of());
        assertThat(size.get().columns()).isEqualTo(80);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(size.get().columns()).isEqualTo(80);
        assertThat(asked).hasValue(1);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(size.get().columns()).isEqualTo(60);
        assertThat(asked).hasValue(2);
    }

    @Test
    void sttysAnswerIsRowsThenColumns() {
        assertThat(TtySize.parseStty("24 80\n")).isEqualTo(new Dimensions(80, 24));
        assertThat(TtySize.parseStty("stty: 'standard input': Inappropriate ioctl for device")).isNull();
        assertThat(TtySize.parseStty("")).isNull();
        assertThat(TtySize.parseStty(null)).isNull();
    }
}
