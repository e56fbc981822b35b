package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the layout puts the panes, worked out without a terminal. */
class ScreenLayoutTest {

    private static ScreenLayout.Wants wants(int filesColumns, int localColumns, int filesRows, int localRows) {
        return new ScreenLayout.Wants(() -> filesColumns, () -> localColumns, () -> filesRows, () -> localRows,
                () -> 0, () -> 4, () -> 4);
    }

    @Test
    void theFilesPaneNeverGrowsNarrowerAsTheScreenWidens() {
        int before = 0;
        for (int width = 40; width <= 139; width++) {
            int files = ScreenLayout.plan(width, 30, wants(90, 30, 10, 5)).files()[2];
            assertThat(files).as("at %d columns", width).isGreaterThanOrEqualTo(before);
            before = files;
        }
    }

    @Test
    void theRightColumnKeepsThreeEighthsOfTheScreenWhateverTheNames() {
        for (int width : new int[] {50, 80, 120, 139, 140, 200}) {
            ScreenLayout.Areas areas = ScreenLayout.plan(width, 30, wants(500, 500, 10, 5));
            assertThat(areas.right()[2]).as("at %d columns", width).isGreaterThanOrEqualTo(Math.max(22, width * 3 / 8));
            assertThat(areas.right()[0] + areas.right()[2]).isEqualTo(width);
        }
    }

    @Test
    void shortNamesLeaveTheListsNarrowAndTheRestToTheRightColumn() {
        ScreenLayout.Areas areas = ScreenLayout.plan(120, 40, wants(20, 20, 10, 5));
        assertThat(areas.files()[2]).isEqualTo(ScreenLayout.MIN_LIST);
        assertThat(areas.right()[2]).isEqualTo(120 - ScreenLayout.MIN_LIST);
    }

    @Test
    void fromSideBySideWidthEachListIsAsWideAsItsOwnNames() {
        ScreenLayout.Areas areas = ScreenLayout.plan(200, 50, wants(40, 60, 10, 5));
        assertThat(areas.files()[2]).isEqualTo(40);
        assertThat(areas.local()).containsExactly(40, 1, 60, 47);
    }

    @Test
    void runningGaugesKeepTheRoomTheirTimeLeftNeeds() {
        ScreenLayout.Wants wants = new ScreenLayout.Wants(() -> 60, () -> 20, () -> 10, () -> 5, () -> 54, () -> 6,
                () -> 6);
        assertThat(ScreenLayout.plan(80, 24, wants).right()[2]).isEqualTo(54);
        assertThat(ScreenLayout.plan(66, 24, wants).right()[2]).as("but the lists keep their least").isEqualTo(66 - 24);
    }

    @Test
    void rowsGoWhereTheEntriesAre() {
        assertThat(ScreenLayout.share(21, 9, 4)).as("both fit: each its own, the spare halved").containsExactly(13, 8);
        assertThat(ScreenLayout.share(21, 40, 4)).as("the short one whole, the long one the rest").containsExactly(17, 4);
        assertThat(ScreenLayout.share(21, 5, 40)).containsExactly(5, 16);
        assertThat(ScreenLayout.share(21, 40, 40)).as("both long: halves").containsExactly(11, 10);
    }
}
