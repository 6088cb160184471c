package dev.mamori.core.quarantine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuarantineTest {
    @TempDir
    Path dir;

    private static final byte[] MESSAGE = "Subject: x\r\n\r\nbad body\r\n".getBytes();

    private static Quarantine.Origin origin(String account) {
        return new Quarantine.Origin("pop3", account, "pop.example.net:995", "127.0.0.1", "3", "x",
                List.of("VIRUS Eicar-Test-Signature at message › part 2 › eicar.com"));
    }

    @Test
    void storesTheExactBytesWithAnEntryAndNoTemporaryFiles() throws Exception {
        Quarantine q = new Quarantine(dir, Clock.systemUTC());
        QuarantineEntry e = q.store(new ByteArrayInputStream(MESSAGE), origin("alice"));
        assertThat(e.id()).matches("Q-\\d{8}-[0-9a-f]{8}");
        assertThat(e.size()).isEqualTo(MESSAGE.length);
        assertThat(e.sha256()).isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(MESSAGE)));
        try (InputStream in = q.open(e.id())) {
            assertThat(in.readAllBytes()).isEqualTo(MESSAGE);
        }
        assertThat(q.get(e.id())).contains(e);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(e.id() + ".eml", e.id() + ".json");
        }
    }

    @Test
    void aReleaseIsUsedOnceForTheSameAccountAndBytes() throws Exception {
        Quarantine q = new Quarantine(dir, Clock.systemUTC());
        QuarantineEntry e = q.store(new ByteArrayInputStream(MESSAGE), origin("alice"));
        String up = "pop.example.net:995";
        assertThat(q.takeRelease("alice", up, e.sha256())).isEmpty(); // not released yet
        q.release(e.id());
        assertThat(q.takeRelease("bob", up, e.sha256())).isEmpty();
        assertThat(q.takeRelease("alice", "pop.other.example:995", e.sha256())).as("same user name, other server").isEmpty();
        assertThat(q.takeRelease("alice", up, "00".repeat(32))).isEmpty();
        assertThat(q.takeRelease("alice", up, e.sha256())).get().extracting(QuarantineEntry::status)
                .isEqualTo(QuarantineEntry.Status.DELIVERED);
        assertThat(q.takeRelease("alice", up, e.sha256())).isEmpty();
    }

    @Test
    void idsFromUsersNeverNameAPath() throws Exception {
        Quarantine q = new Quarantine(dir, Clock.systemUTC());
        assertThat(q.get("../../etc/passwd")).isEmpty();
        assertThat(q.delete("Q-20260101-../x")).isFalse();
        assertThatThrownBy(() -> q.open("../secret")).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void purgeDeletesOnlyEntriesOlderThanTheRetention() throws Exception {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Clock[] now = {Clock.fixed(start, ZoneOffset.UTC)};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0].instant();
            }
        };
        Quarantine q = new Quarantine(dir, moving);
        QuarantineEntry old = q.store(new ByteArrayInputStream(MESSAGE), origin("alice"));
        now[0] = Clock.fixed(start.plus(Duration.ofDays(20)), ZoneOffset.UTC);
        QuarantineEntry recent = q.store(new ByteArrayInputStream(MESSAGE), origin("alice"));
        now[0] = Clock.fixed(start.plus(Duration.ofDays(31)), ZoneOffset.UTC);
        assertThat(q.purge(Duration.ofDays(30))).isEqualTo(1);
        assertThat(q.list()).extracting(QuarantineEntry::id).containsExactly(recent.id());
        assertThat(q.get(old.id())).isEmpty();
    }
}
