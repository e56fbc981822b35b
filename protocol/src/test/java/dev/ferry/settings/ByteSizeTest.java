package dev.ferry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void sizesAreWrittenAsRatesAreWithTerabytesBesides() {
        assertThat(ByteSize.parse("0")).isZero();
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("500K")).isEqualTo(512_000);
        assertThat(ByteSize.parse("1.5m")).isEqualTo(1_572_864);
        assertThat(ByteSize.parse(" 10G ")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(ByteSize.parse("999999999999999T")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anythingElseIsOneLine() {
        for (String bad : new String[] {"", "-1", "1.5.2G", "10GB", "ten", "1e9"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a size such as 500K, 10M, 1.5G or 2T");
        }
    }
}
