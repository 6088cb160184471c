package dev.mamori.app;

import dev.mamori.core.component.Publisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori bundle keygen/build/verify/index} round trip, and the exit code and reason of every kind of tampering. */
class BundleCommandTest {
    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Path payload(String marker) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("payload-" + marker));
        Files.writeString(d.resolve("main.ndb"), "Test.Marker:0:*:" + HexFormat.of().formatHex(marker.getBytes()) + "\n");
        Files.writeString(d.resolve("hashes.hsb"), "44d88612fea8a8f36de82e1278abb02f:68:Test.Hash\n");
        return d;
    }

    private Path keygen(String name) {
        Path key = tmp.resolve(name);
        assertThat(run("bundle", "keygen", "--out", key.toString())).as(err).isZero();
        return key;
    }

    private Path built(Path key) throws Exception {
        Path site = tmp.resolve("site");
        assertThat(run("bundle", "build", "--component", "virus-patterns", "--version", "2026.11.25.1",
                "--from", payload("mamori-cli-marker").toString(), "--key", key.toString(), "--out", site.toString()))
                .as(err).isZero();
        assertThat(out).contains("wrote " + site.resolve("virus-patterns-2026.11.25.1.bundle"));
        return site.resolve("virus-patterns-2026.11.25.1.bundle");
    }

    @Test
    void keygenBuildVerifyIndexRoundTrip() throws Exception {
        Path key = keygen("publisher");
        assertThat(out).contains("key id:", "trustedKeys:");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(tmp.resolve("publisher.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(run("bundle", "keygen", "--out", key.toString())).isEqualTo(1);
        assertThat(err).contains("already exists");

        Path bundle = built(key);
        assertThat(run("bundle", "verify", bundle.toString(), "--key", tmp.resolve("publisher.pub").toString()))
                .as(err).isZero();
        assertThat(out).contains(": OK", "component virus-patterns 2026.11.25.1", "main.ndb", "hashes.hsb");

        assertThat(run("bundle", "index", "--from", bundle.getParent().toString(), "--key", key.toString())).as(err).isZero();
        assertThat(run("bundle", "verify", bundle.resolveSibling("index.json").toString(),
                "--key", tmp.resolve("publisher.pub").toString())).as(err).isZero();
        assertThat(out).contains("virus-patterns 2026.11.25.1 virus-patterns-2026.11.25.1.bundle");
    }

    @Test
    void buildRefusesAPayloadTheEngineCannotLoad() throws Exception {
        Path key = keygen("k");
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("broken.ndb"), "Broken:0:*:zz\n");
        assertThat(run("bundle", "build", "--component", "virus-patterns", "--version", "1.0", "--from", bad.toString(),
                "--key", key.toString(), "--out", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(err).contains("REFUSED: wrong format", "broken.ndb");
        assertThat(tmp.resolve("o")).doesNotExist();

        Path wrongType = Files.createDirectories(tmp.resolve("wrongtype"));
        Files.writeString(wrongType.resolve("readme.txt"), "hello\n");
        assertThat(run("bundle", "build", "--component", "virus-patterns", "--version", "1.0", "--from", wrongType.toString(),
                "--key", key.toString(), "--out", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(err).contains("readme.txt is not a .hdb, .hsb or .ndb file");

        assertThat(run("bundle", "build", "--component", "virus-patterns", "--version", "01.2", "--from", wrongType.toString(),
                "--key", key.toString(), "--out", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(err).contains("leading zero");
    }

    @Test
    void everyTamperingIsRefusedWithItsReason() throws Exception {
        Path key = keygen("publisher");
        String pub = tmp.resolve("publisher.pub").toString();
        Path good = built(key);

        Path flipped = copy(good, "flipped.bundle");
        Publisher.rezip(flipped, Map.of("main.ndb", b -> {
            byte[] c = b.clone();
            c[3] ^= 1;
            return c;
        }), Map.of());
        assertRefused(flipped, pub, "hash mismatch: main.ndb");

        Path edited = copy(good, "edited.bundle");
        Publisher.rezip(edited, Map.of("manifest.json", b -> new String(b, StandardCharsets.UTF_8).replace("2026.11.25.1", "2026.11.25.9")
                .getBytes(StandardCharsets.UTF_8)), Map.of());
        assertRefused(edited, pub, "bad signature: manifest.json does not verify");

        Path extra = copy(good, "extra.bundle");
        Publisher.rezip(extra, Map.of(), Map.of("more.ndb", "X:0:*:41414141\n".getBytes()));
        assertRefused(extra, pub, "extra file: more.ndb");

        Path missing = copy(good, "missing.bundle");
        Publisher.rezip(missing, Map.of("hashes.hsb", b -> null), Map.of());
        assertRefused(missing, pub, "missing file: hashes.hsb");

        Path slip = copy(good, "slip.bundle");
        Publisher.rezip(slip, Map.of(), Map.of("../evil.ndb", "X:0:*:41414141\n".getBytes()));
        assertRefused(slip, pub, "unsafe entry name: '../evil.ndb'");

        Path truncated = copy(good, "truncated.bundle");
        byte[] all = Files.readAllBytes(good);
        Files.write(truncated, Arrays.copyOf(all, all.length - 40));
        assertRefused(truncated, pub, "wrong format: the zip archive does not end where the file ends (truncated");

        Path appended = copy(good, "appended.bundle");
        Files.write(appended, "trailing".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        assertRefused(appended, pub, "wrong format: the zip archive does not end where the file ends");

        Path notZip = tmp.resolve("text.bundle");
        Files.writeString(notZip, "this is not a bundle\n");
        assertRefused(notZip, pub, "wrong format");

        keygen("other");
        assertRefused(good, tmp.resolve("other.pub").toString(), "untrusted key: manifest.json is signed by key");

        assertThat(run("bundle", "verify", good.toString())).isEqualTo(1);
        assertThat(err).contains("--key PUB or --config");
    }

    private void assertRefused(Path bundle, String pub, String reason) {
        assertThat(run("bundle", "verify", bundle.toString(), "--key", pub)).as(bundle + ": " + out + err).isEqualTo(1);
        assertThat(err).contains("REFUSED: " + reason);
    }

    private Path copy(Path bundle, String name) throws Exception {
        return Files.copy(bundle, tmp.resolve(name));
    }
}
