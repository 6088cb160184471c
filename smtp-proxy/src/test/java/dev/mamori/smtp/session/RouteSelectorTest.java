package dev.mamori.smtp.session;

import dev.mamori.core.config.SmtpRoute;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteSelectorTest {
    @Test
    void lowestPreferenceFirstRoundRobinAmongEquals() {
        SmtpRoute a = new SmtpRoute("a", 25, 10);
        SmtpRoute b = new SmtpRoute("b", 25, 10);
        SmtpRoute backup = new SmtpRoute("backup", 25, 50);
        SmtpRoute first = new SmtpRoute("first", 25, 1);
        RouteSelector s = new RouteSelector(List.of(backup, a, b, first));
        assertThat(s.order()).containsExactly(first, a, b, backup);
        assertThat(s.order()).containsExactly(first, b, a, backup);
        assertThat(s.order()).containsExactly(first, a, b, backup);
    }
}
