package dev.mamori.core.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceControlTest {
    @TempDir
    Path dir;

    @Test
    void aProtocolSwitchedOffStaysOffAfterARestartUntilSwitchedOn() throws Exception {
        Path state = dir.resolve("service-switches");
        ServiceControl first = new ServiceControl(null, Clock.systemUTC(), state);
        assertThat(first.isEnabled(ServiceControl.Service.POP3)).isTrue();
        assertThat(state).doesNotExist();

        first.setEnabled(ServiceControl.Service.POP3, false, "admin");
        assertThat(Files.readString(state)).contains("pop3 off").doesNotContain("smtp");

        ServiceControl restarted = new ServiceControl(null, Clock.systemUTC(), state);
        assertThat(restarted.isEnabled(ServiceControl.Service.POP3)).isFalse();
        assertThat(restarted.isEnabled(ServiceControl.Service.SMTP)).isTrue();

        restarted.setEnabled(ServiceControl.Service.POP3, true, "admin");
        assertThat(new ServiceControl(null, Clock.systemUTC(), state).isEnabled(ServiceControl.Service.POP3)).isTrue();
    }

    @Test
    void anUnreadableOrForeignStateFileLeavesEveryProtocolOn() throws Exception {
        Path state = Files.writeString(dir.resolve("service-switches"), "imap off\npop3 maybe\n\n");
        ServiceControl c = new ServiceControl(null, Clock.systemUTC(), state);
        assertThat(c.isEnabled(ServiceControl.Service.POP3)).isTrue();
        assertThat(c.isEnabled(ServiceControl.Service.SMTP)).isTrue();

        Path directory = Files.createDirectories(dir.resolve("not-a-file"));
        ServiceControl d = new ServiceControl(null, Clock.systemUTC(), directory);
        assertThat(d.isEnabled(ServiceControl.Service.SMTP)).isTrue();
        // saving fails (the path is a directory): the switch still holds for this run
        assertThat(d.setEnabled(ServiceControl.Service.SMTP, false, "admin")).isTrue();
        assertThat(d.isEnabled(ServiceControl.Service.SMTP)).isFalse();
    }
}
