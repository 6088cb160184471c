package dev.mamori.ui.viewmodel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleWindowTest {
    @Test
    void keepsExactlyTheLastWindowOfSeconds() {
        SampleWindow w = new SampleWindow(300);
        for (long t = 0; t < 1000; t++) {
            w.add(t, t * 2);
        }
        assertThat(w.size()).isEqualTo(300);
        assertThat(w.time(0)).isEqualTo(700);
        assertThat(w.time(299)).isEqualTo(999);
        assertThat(w.value(0)).isEqualTo(1400);
        assertThat(w.last()).isEqualTo(1998);
        assertThat(w.max()).isEqualTo(1998);
    }

    @Test
    void aGapDropsEverythingOlderThanTheWindow() {
        SampleWindow w = new SampleWindow(300);
        for (long t = 0; t < 100; t++) {
            w.add(t, 1);
        }
        w.add(350, 5); // the machine slept: only points after 50 remain
        assertThat(w.time(0)).isEqualTo(51);
        assertThat(w.size()).isEqualTo(50);
        w.add(10_000, 7);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.value(0)).isEqualTo(7);
    }

    @Test
    void theSameSecondReplacesTheNewestPoint() {
        SampleWindow w = new SampleWindow(5);
        w.add(10, 1);
        w.add(10, 3);
        w.add(9, 4); // a late sample never goes back in time
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.value(0)).isEqualTo(4);
    }

    @Test
    void outOfRangeIsRefused() {
        SampleWindow w = new SampleWindow(5);
        assertThatThrownBy(() -> w.value(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new SampleWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
