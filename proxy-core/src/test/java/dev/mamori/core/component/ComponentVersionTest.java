package dev.mamori.core.component;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentVersionTest {
    private static ComponentVersion v(String s) {
        return ComponentVersion.parse(s);
    }

    @Test
    void numbersCompareNumericallyAndAPrefixIsLower() {
        assertThat(v("2026.11.25.10")).isGreaterThan(v("2026.11.25.9"));
        assertThat(v("2026.12.1.1")).isGreaterThan(v("2026.11.30.99"));
        assertThat(v("1.10")).isGreaterThan(v("1.9"));
        assertThat(v("1.2.0")).isGreaterThan(v("1.2"));
        assertThat(v("1.2.1")).isGreaterThan(v("1.2.0"));
        assertThat(v("2")).isGreaterThan(v("1.999999999"));
        assertThat(v("1.0")).isEqualByComparingTo(v("1.0")).isEqualTo(v("1.0"));
        assertThat(v("1.0")).isNotEqualTo(v("1.0.0"));
        assertThat(v("1.2.3").toString()).isEqualTo("1.2.3");
    }

    @Test
    void orderIsTotalAndAgreesWithEquals() {
        Random r = new Random(42);
        List<ComponentVersion> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = 1 + r.nextInt(4);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < n; j++) {
                sb.append(j == 0 ? "" : ".").append(r.nextInt(4));
            }
            all.add(v(sb.toString()));
        }
        for (ComponentVersion a : all) {
            for (ComponentVersion b : all) {
                assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
                assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
                for (ComponentVersion c : List.of(all.get(0), all.get(1), all.get(2))) {
                    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                        assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
                    }
                }
            }
        }
        List<ComponentVersion> sorted = new ArrayList<>(all);
        Collections.shuffle(sorted, r);
        Collections.sort(sorted);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1)).isLessThanOrEqualTo(sorted.get(i));
        }
    }

    @Test
    void badVersionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> v("")).hasMessageContaining("needs 1 to 6 numbers");
        assertThatThrownBy(() -> v("1..2")).hasMessageContaining("'' is not a number");
        assertThatThrownBy(() -> v("1.2-beta")).hasMessageContaining("'2-beta' is not a number");
        assertThatThrownBy(() -> v("2026.01.05")).hasMessageContaining("leading zero (write 1)");
        assertThatThrownBy(() -> v("1.2.3.4.5.6.7")).hasMessageContaining("needs 1 to 6 numbers");
        assertThatThrownBy(() -> v("1234567890")).hasMessageContaining("1 to 9 digits");
        assertThatThrownBy(() -> v("-1")).hasMessageContaining("is not a number");
        assertThat(ComponentVersion.isValid("0.0.1")).isTrue();
    }
}
