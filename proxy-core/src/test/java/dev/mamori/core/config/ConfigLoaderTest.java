package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.PortRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    private static final String ONE_LISTENER = """
            pop3:
              listeners:
                - name: generic
                  bind: 127.0.0.1:11110
            """;

    private static MamoriConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static List<ConfigProblem> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected the config to be refused").isNotNull();
        return e.problems();
    }

    private static ConfigProblem problem(String yaml) {
        List<ConfigProblem> all = problems(yaml);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    @Nested
    class ValidFiles {
        @Test
        void minimalFileGetsEveryDocumentedDefault() throws Exception {
            MamoriConfig c = parse(ONE_LISTENER);

            assertThat(c.server().name()).isEqualTo("mamori");
            assertThat(c.server().dataDir()).isEqualTo(Path.of("mamori-data"));
            assertThat(c.access().clients()).isEqualTo(AccessSettings.DEFAULT_CLIENTS);
            assertThat(c.access().maxConnections()).isEqualTo(500);
            assertThat(c.access().maxConnectionsPerIp()).isEqualTo(30);
            assertThat(c.access().loginFailures()).isEqualTo(new LoginThrottle(5, Duration.ofMinutes(5), Duration.ofMinutes(15)));
            assertThat(c.upstreams().allow()).isEmpty();
            assertThat(c.upstreams().tls()).isEqualTo(UpstreamTls.REQUIRED);
            assertThat(c.upstreams().implicitTlsPorts()).containsExactly(PortRange.of(995));
            assertThat(c.upstreams().connectTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(c.upstreams().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(c.upstreams().dnsTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.tls().certificate()).isNull();
            assertThat(c.pop3().enabled()).isTrue();
            Pop3Listener l = c.pop3().listeners().getFirst();
            assertThat(l.mode()).isEqualTo(ListenerMode.GENERIC);
            assertThat(l.tls()).isEqualTo(ClientTls.STARTTLS);
            assertThat(l.bind()).isEqualTo(new HostPort("127.0.0.1", 11110));
            assertThat(c.pop3().limits()).isEqualTo(Pop3Limits.defaults());
        }

        @Test
        void everyFieldCanBeSet() throws Exception {
            MamoriConfig c = parse("""
                    server:
                      name: office-gw
                      dataDir: /var/lib/mamori
                    access:
                      clients: [192.168.1.0/24, 127.0.0.1]
                      maxConnections: 100
                      maxConnectionsPerIp: 10
                      loginFailures: {maxFailures: 3, window: 1m, blockFor: 1h}
                    upstreams:
                      allow:
                        - hosts: ['*.example.net', pop.example.org]
                          ports: [110, 995]
                        - hosts: [127.0.0.1]
                          ports: [11000-11099]
                          permitAddresses: [127.0.0.1/32]
                          tls: opportunistic
                      denyAddresses: [198.51.100.0/24]
                      tls: required
                      implicitTlsPorts: [995, 10995]
                      connectTimeout: 5s
                      idleTimeout: 2m
                      dnsTimeout: 500ms
                    pop3:
                      enabled: true
                      listeners:
                        - name: pop3s
                          bind: '[::1]:995'
                          tls: implicit
                        - name: provider-a
                          mode: dedicated
                          bind: 0.0.0.0:11001
                          tls: none
                          upstream: {host: pop.example.net, tls: implicit}
                      limits:
                        maxCommandLength: 512
                        maxResponseLineLength: 4096
                        maxPipelinedCommands: 8
                        clientIdleTimeout: 15m
                        spoolMemoryThreshold: 1MiB
                        maxMessageSize: 50MB
                    """);

            assertThat(c.server().name()).isEqualTo("office-gw");
            assertThat(c.server().dataDir()).isEqualTo(Path.of("/var/lib/mamori"));
            assertThat(c.access().clients()).containsExactly(Cidr.parse("192.168.1.0/24"), Cidr.parse("127.0.0.1/32"));
            assertThat(c.access().loginFailures()).isEqualTo(new LoginThrottle(3, Duration.ofMinutes(1), Duration.ofHours(1)));
            UpstreamRule local = c.upstreams().allow().get(1);
            assertThat(c.upstreams().allow().getFirst().hosts()).containsExactly("*.example.net", "pop.example.org");
            assertThat(local.ports()).containsExactly(new PortRange(11000, 11099));
            assertThat(local.permitAddresses()).containsExactly(Cidr.parse("127.0.0.1/32"));
            assertThat(local.tls()).isEqualTo(UpstreamTls.OPPORTUNISTIC);
            assertThat(c.upstreams().isImplicitTlsPort(10995)).isTrue();
            assertThat(c.upstreams().dnsTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(c.pop3().listeners().get(0).bind()).isEqualTo(new HostPort("::1", 995));
            Pop3Listener dedicated = c.pop3().listeners().get(1);
            assertThat(dedicated.upstream()).isEqualTo(new UpstreamEndpoint("pop.example.net", 995, UpstreamTls.IMPLICIT));
            assertThat(c.pop3().limits().clientIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
            assertThat(c.pop3().limits().maxMessageSize()).isEqualTo(DataSize.ofMiB(50));
        }

        @Test
        void disabledPop3NeedsNoListener() throws Exception {
            assertThat(parse("pop3:\n  enabled: false\n").pop3().enabled()).isFalse();
        }

        @Test
        void bareNumbersAreBytesAndSeconds() throws Exception {
            MamoriConfig c = parse(ONE_LISTENER + "  limits:\n    clientIdleTimeout: 90\n    spoolMemoryThreshold: 65536\n");
            assertThat(c.pop3().limits().clientIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(c.pop3().limits().spoolMemoryThreshold()).isEqualTo(DataSize.ofKiB(64));
        }
    }

    @Nested
    class UnknownKeys {
        @Test
        void unknownKeyListsTheAllowedOnes() {
            ConfigProblem p = problem(ONE_LISTENER + "      colour: blue\n");
            assertThat(p.location()).isEqualTo("pop3.listeners[0].colour");
            assertThat(p.problem()).isEqualTo("unknown key 'colour'");
            assertThat(p.allowed()).isEqualTo("allowed: name, mode, bind, tls, upstream");
        }

        @Test
        void misspeltKeyIsNamedBeforeTheMissingValueItCauses() {
            ConfigProblem p = problem("pop3:\n  listners:\n    - name: g\n      bind: 127.0.0.1:1\n");
            assertThat(p.toString()).isEqualTo(
                    "test.yaml: pop3.listners: unknown key 'listners', did you mean 'listeners'? (allowed: enabled, listeners, limits)");
        }

        @Test
        void everyUnknownKeyIsReportedAtOnce() {
            List<ConfigProblem> all = problems("imap:\n  bind: x\nadmin:\n  port: 1\n" + ONE_LISTENER + "  limit: {}\n");
            assertThat(all).extracting(ConfigProblem::location).containsExactly("imap", "pop3.limit", "admin.port");
        }

        @Test
        void keysInsideListEntriesAndNestedSectionsAreChecked() {
            assertThat(problem("upstreams:\n  allow:\n    - hosts: ['*']\n      ports: [110]\n      port: 995\n").location())
                    .isEqualTo("upstreams.allow[0].port");
            assertThat(problem("access:\n  loginFailures:\n    maxFailure: 3\n").problem())
                    .isEqualTo("unknown key 'maxFailure', did you mean 'maxFailures'?");
        }
    }

    @Nested
    class InvalidValues {
        @Test
        void brokenHostPortNamesFieldAndExamples() {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> parse("pop3:\n  listeners:\n    - name: generic\n      bind: x\n"));
            assertThat(e.getMessage()).isEqualTo(
                    "test.yaml: pop3.listeners[0].bind: 'x' is not host:port (examples: 127.0.0.1:11110, [::1]:110)");
            ConfigProblem p = e.problems().getFirst();
            assertThat(p.source()).isEqualTo("test.yaml");
            assertThat(p.problem()).isEqualTo("'x' is not host:port");
            assertThat(p.allowed()).isEqualTo("examples: 127.0.0.1:11110, [::1]:110");
        }

        @Test
        void missingRequiredField() {
            ConfigProblem p = problem("pop3:\n  listeners:\n    - name: generic\n");
            assertThat(p.location()).isEqualTo("pop3.listeners[0].bind");
            assertThat(p.problem()).isEqualTo("is required");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "tls: fancy                  | pop3.listeners[0].tls  | 'fancy' is not a client TLS mode | allowed: none, starttls, implicit",
                "mode: fancy                 | pop3.listeners[0].mode | 'fancy' is not a listener mode   | allowed: generic, dedicated, transparent",
                "name: 'bad name'            | pop3.listeners[0].name | 'bad name' is not a valid name   | allowed: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "upstream: {host: a.example} | pop3.listeners[0].upstream | is only allowed with mode: dedicated | this listener's mode is generic",
        })
        void listenerFieldErrors(String line, String location, String problem, String allowed) {
            String fields = line.startsWith("name:") ? line : "name: g\n      " + line;
            ConfigProblem p = problem("pop3:\n  listeners:\n    - bind: 127.0.0.1:1\n      " + fields + "\n");
            assertThat(p.location()).isEqualTo(location);
            assertThat(p.problem()).isEqualTo(problem);
            assertThat(p.allowed()).isEqualTo(allowed);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "clientIdleTimeout: 5x       | pop3.limits.clientIdleTimeout    | '5x' is not a duration    | examples: 500ms, 30s, 10m, 2h, 1d",
                "clientIdleTimeout: 0s       | pop3.limits.clientIdleTimeout    | 0s is not a positive duration | examples: 30s, 10m",
                "maxCommandLength: 1.5       | pop3.limits.maxCommandLength     | '1.5' is not a whole number | ''",
                "maxCommandLength: many      | pop3.limits.maxCommandLength     | 'many' is not a whole number | ''",
                "maxCommandLength: 10        | pop3.limits.maxCommandLength     | 10 is out of range        | allowed: 64 to 65536",
                "maxMessageSize: 12 parsecs  | pop3.limits.maxMessageSize       | '12 parsecs' is not a size | examples: 4096, 64KiB, 20MB, 1GiB",
                "maxMessageSize: 2TiB        | pop3.limits.maxMessageSize       | 2TiB is out of range      | allowed: 1KiB to 1TiB",
                "clientIdleTimeout: [1, 2]   | pop3.limits.clientIdleTimeout    | expected a duration, found a list | examples: 500ms, 30s, 10m, 2h, 1d",
        })
        void limitErrors(String line, String location, String problem, String allowed) {
            ConfigProblem p = problem(ONE_LISTENER + "  limits:\n    " + line + "\n");
            assertThat(p.location()).isEqualTo(location);
            assertThat(p.problem()).isEqualTo(problem);
            assertThat(p.allowed()).isEqualTo(allowed);
        }

        @Test
        void wrongShapes() {
            assertThat(problem("pop3:\n  listeners: 5\n").problem()).isEqualTo("expected a list, found a whole number");
            assertThat(problem("pop3: [1]\n").problem()).isEqualTo("expected a section of key: value lines, found a list");
            ConfigProblem topLevel = problem("hello\n");
            assertThat(topLevel.location()).isEmpty();
            assertThat(topLevel.allowed()).isEqualTo("allowed keys: server, access, upstreams, tls, pop3, scan, smtp, metrics, logging, notifications, admin, store, updates");
        }

        @Test
        void upstreamRuleErrorsPointIntoTheList() {
            assertThat(problem("upstreams:\n  allow:\n    - hosts: ['*', 'a b']\n      ports: [110]\n").location())
                    .isEqualTo("upstreams.allow[0].hosts[1]");
            assertThat(problem("upstreams:\n  allow:\n    - hosts: [~]\n      ports: [110]\n"))
                    .extracting(ConfigProblem::location, ConfigProblem::problem)
                    .containsExactly("upstreams.allow[0].hosts[0]", "an empty value is not allowed here");
            assertThat(problem("upstreams:\n  allow:\n    - hosts: ['*']\n").location()).isEqualTo("upstreams.allow[0].ports");
            assertThat(problem("upstreams:\n  allow:\n    - hosts: ['*']\n      ports: [110, 70000]\n").location())
                    .isEqualTo("upstreams.allow[0].ports[1]");
            assertThat(problem("upstreams:\n  allow:\n    - hosts: ['*']\n      ports: [110]\n      permitAddresses: [300.1.1.1]\n").location())
                    .isEqualTo("upstreams.allow[0].permitAddresses[0]");
            assertThat(problem("upstreams:\n  tls: implicit\n").location()).isEqualTo("upstreams.tls");
        }

        @Test
        void dedicatedListenerNeedsAnUpstream() {
            ConfigProblem p = problem("pop3:\n  listeners:\n    - name: d\n      mode: dedicated\n      bind: 127.0.0.1:1\n");
            assertThat(p.location()).isEqualTo("pop3.listeners[0].upstream");
            assertThat(p.problem()).isEqualTo("is required with mode: dedicated");
        }

        @Test
        void listenerNamesAreUnique() {
            ConfigProblem p = problem("pop3:\n  listeners:\n    - {name: a, bind: 127.0.0.1:1}\n    - {name: a, bind: 127.0.0.1:2}\n");
            assertThat(p.location()).isEqualTo("pop3.listeners[1].name");
            assertThat(p.problem()).isEqualTo("'a' is already the name of listeners[0]");
        }

        @Test
        void enabledPop3WithoutListeners() {
            assertThat(problem("pop3:\n  enabled: true\n").location()).isEqualTo("pop3.listeners");
        }

        @Test
        void certificateWithoutKey() {
            assertThat(problem("tls:\n  certificate: cert.pem\n").location()).isEqualTo("tls.privateKey");
        }
    }

    @Nested
    class Syntax {
        @Test
        void yamlSyntaxErrorHasLineAndColumn() {
            ConfigProblem p = problem("server:\n  name: a\n   bad: [\n");
            assertThat(p.location()).isEqualTo("line 3, column 7");
            assertThat(p.problem()).startsWith("not valid YAML: ");
        }

        @Test
        void duplicateKeyIsAnError() {
            ConfigProblem p = problem("server:\n  name: a\n  name: b\n");
            assertThat(p.problem()).isEqualTo("the key 'name' appears twice in the same section");
            assertThat(p.location()).startsWith("line 3");
        }

        @Test
        void secondDocumentIsAnError() {
            assertThat(problem("server: {name: a}\n---\nserver: {name: b}\n").problem())
                    .isEqualTo("the file holds more than one YAML document");
        }

        @Test
        void emptyFileIsAnError() {
            assertThat(problem("").problem()).isEqualTo("the file is empty");
            assertThat(problem("# nothing but a comment\n").problem()).isEqualTo("the file is empty");
        }
    }

    @Nested
    class CrossFieldChecks {
        @ParameterizedTest
        @CsvSource({
                "127.0.0.1:110, 127.0.0.1:110, true",
                "0.0.0.0:110,   127.0.0.1:110, true",
                "127.0.0.1:110, 0.0.0.0:110,   true",
                "'[::]:110',    127.0.0.1:110, true",
                "0.0.0.0:110,   '[::1]:110',   false",
                "127.0.0.1:110, 127.0.0.2:110, false",
                "127.0.0.1:110, 127.0.0.1:111, false",
                "127.0.0.1:0,   127.0.0.1:0,   false",
                "localhost:110, LOCALHOST:110, true",
        })
        void overlappingBinds(String a, String b, boolean overlap) {
            assertThat(ConfigConsistency.overlap(HostPort.parse(a), HostPort.parse(b))).isEqualTo(overlap);
        }

        @Test
        void twoListenersOnOneSocketAreRefused() {
            ConfigProblem p = problem("pop3:\n  listeners:\n    - {name: a, bind: 0.0.0.0:11110}\n    - {name: b, bind: 127.0.0.1:11110}\n");
            assertThat(p.toString()).isEqualTo("test.yaml: pop3.listeners[1].bind: 127.0.0.1:11110 overlaps 0.0.0.0:11110 of "
                    + "listener 'a' (pop3.listeners[0]) (allowed: a different port, or addresses that do not overlap)");
        }

        @Test
        void bindHostMustBeAnAddressOrName() {
            assertThat(problem("pop3:\n  listeners:\n    - {name: a, bind: 'no such:110'}\n").problem())
                    .isEqualTo("'no such' is not an IP address or host name");
        }

        @Test
        void allFileProblemsAreReportedTogether(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("mamori.yaml"), ONE_LISTENER + """
                    tls:
                      certificate: missing-cert.pem
                      privateKey: missing-key.pem
                    upstreams:
                      extraCaFiles: [missing-ca.pem]
                    """);
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir.resolve("mamori.yaml")));
            assertThat(e.problems()).extracting(ConfigProblem::location)
                    .containsExactly("tls.certificate", "tls.privateKey", "upstreams.extraCaFiles[0]");
            assertThat(e.problems().getFirst().problem()).isEqualTo("file " + dir.resolve("missing-cert.pem") + " does not exist");
            assertThat(e.getMessage().lines()).hasSize(3);
        }

        @Test
        void dataDirThatIsAFile(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("data"), "");
            Files.writeString(dir.resolve("mamori.yaml"), "server:\n  dataDir: data\n" + ONE_LISTENER);
            assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("mamori.yaml")))
                    .hasMessageEndingWith("server.dataDir: " + dir.resolve("data") + " exists and is not a directory");
        }
    }

    @Nested
    class LoadingFiles {
        @Test
        void relativePathsResolveAgainstTheConfigDirectory(@TempDir Path dir) throws Exception {
            Path etc = Files.createDirectories(dir.resolve("etc"));
            Files.writeString(etc.resolve("cert.pem"), "x");
            Files.writeString(etc.resolve("key.pem"), "x");
            Files.createDirectories(dir.resolve("ca"));
            Files.writeString(dir.resolve("ca/extra.pem"), "x");
            Files.writeString(etc.resolve("mamori.yaml"), ONE_LISTENER + """
                    server:
                      dataDir: ../var/mamori
                    tls:
                      certificate: cert.pem
                      privateKey: key.pem
                    upstreams:
                      extraCaFiles: [../ca/extra.pem]
                    """);

            MamoriConfig c = ConfigLoader.load(etc.resolve("mamori.yaml"));

            assertThat(c.server().dataDir()).isEqualTo(dir.resolve("var/mamori").toAbsolutePath());
            assertThat(c.tls().certificate()).isEqualTo(etc.resolve("cert.pem").toAbsolutePath());
            assertThat(c.tls().privateKey()).isEqualTo(etc.resolve("key.pem").toAbsolutePath());
            assertThat(c.upstreams().extraCaFiles()).containsExactly(dir.resolve("ca/extra.pem").toAbsolutePath());
        }

        @Test
        void absolutePathsAndTheDefaultDataDirAreLeftAlone(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("a.yaml"), ONE_LISTENER);
            Files.writeString(dir.resolve("b.yaml"), ONE_LISTENER + "server:\n  dataDir: " + dir.resolve("data") + "\n");
            assertThat(ConfigLoader.load(dir.resolve("a.yaml")).server().dataDir()).isEqualTo(Path.of("mamori-data"));
            assertThat(ConfigLoader.load(dir.resolve("b.yaml")).server().dataDir()).isEqualTo(dir.resolve("data"));
        }

        @Test
        void problemsNameTheFileAsGiven(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("broken.yaml");
            Files.writeString(file, "pop3:\n  listeners:\n    - {name: a, bind: x}\n");
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageStartingWith(file + ": pop3.listeners[0].bind: ");
        }

        @Test
        void missingFile(@TempDir Path dir) {
            assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(dir.resolve("nope.yaml") + ": file not found");
        }

        @Test
        void directoryInsteadOfFile(@TempDir Path dir) {
            assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessage(dir + ": is a directory (expected a YAML file)");
        }

        @Test
        void notUtf8(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("latin1.yaml");
            Files.write(file, "server:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("is not UTF-8 text");
        }

        @Test
        void oversizedFile(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("huge.yaml");
            Files.writeString(file, "#".repeat((int) ConfigLoader.MAX_FILE_SIZE + 1));
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("is larger than 1MiB");
        }
    }
}
