package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NameOrderTest {

    static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        list.sort(NameOrder.comparator());
        return list;
    }

    @Test
    void caseIsIgnoredAndAccentedLettersSortBesideTheirPlainOnes() {
        assertThat(sorted("Zeta.txt", "Émile.txt", "alpha.txt", "beta.txt", "emile2.txt"))
                .containsExactly("alpha.txt", "beta.txt", "Émile.txt", "emile2.txt", "Zeta.txt");
    }

    @Test
    void namesThatReadTheSameAreStillInAFixedOrder() {
        assertThat(sorted("notes.txt", "Notes.txt", "NOTES.txt")).containsExactly("NOTES.txt", "Notes.txt", "notes.txt");
        assertThat(sorted("café.txt", "cafe.txt", "Cafe.txt")).containsExactly("Cafe.txt", "cafe.txt", "café.txt");
    }

    @Test
    void aFoldersFilesStayTogetherAfterAFileOfTheSameName() {
        assertThat(sorted("docs/b.txt", "docsa.txt", "docs/a.txt", "docs", "Docs/c.txt", "doc.txt"))
                .containsExactly("doc.txt", "docs", "docs/a.txt", "docs/b.txt", "Docs/c.txt", "docsa.txt");
    }

    @Test
    void theOrderDoesNotDependOnTheDefaultLocaleOrOnTheOrderGiven() {
        List<String> names = List.of("Zeta.txt", "émile.txt", "Émile.txt", "alpha.txt", "İstanbul.txt", "istanbul.txt",
                "i.txt", "I.txt", "a/b", "a b", "ab", "日本.txt", "_x.txt", "10.txt", "9.txt");
        Locale before = Locale.getDefault();
        List<String> expected;
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            expected = sorted(names.toArray(String[]::new));
            Locale.setDefault(Locale.forLanguageTag("sv-SE"));
            List<String> shuffled = new ArrayList<>(names);
            Collections.shuffle(shuffled, new Random(3));
            assertThat(sorted(shuffled.toArray(String[]::new))).isEqualTo(expected);
        } finally {
            Locale.setDefault(before);
        }
    }
}
