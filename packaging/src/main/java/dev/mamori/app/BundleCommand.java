package dev.mamori.app;

import dev.mamori.core.component.ComponentKind;
import dev.mamori.core.component.ComponentVersion;
import dev.mamori.core.component.PayloadCheck;
import dev.mamori.core.component.bundle.BundleException;
import dev.mamori.core.component.bundle.BundleReader;
import dev.mamori.core.component.bundle.BundleWriter;
import dev.mamori.core.component.bundle.Ed25519Keys;
import dev.mamori.core.component.bundle.Manifest;
import dev.mamori.core.component.bundle.TrustedKeys;
import dev.mamori.core.component.bundle.UpdateIndex;
import dev.mamori.core.config.ConfigException;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.MamoriConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mamori bundle ...}: the publisher's tools. Keys are Ed25519: the private key in PKCS#8 PEM (owner-only), the
 * public key in X.509 PEM beside it ({@code KEY.pub}); servers trust the public key's base64 line in
 * {@code updates.trustedKeys}.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Build, sign and verify component bundles and the update index (publisher tools).",
        subcommands = {BundleCommand.Keygen.class, BundleCommand.Build.class, BundleCommand.Verify.class,
                BundleCommand.Index.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  refused: the bundle, index, key or payload is not valid (the reason is printed)",
                "  2  wrong command-line usage", "  4  unexpected internal error"})
final class BundleCommand implements Runnable {
    static final long MAX_SIZE = 1L << 34;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("mamori bundle " + spec.name() + ": " + message);
            err.flush();
            return ExitCodes.CONFIG_INVALID;
        }

        @Override
        public Integer call() {
            try {
                int code = run();
                out().flush();
                return code;
            } catch (BundleException e) {
                return fail("REFUSED: " + e.getMessage());
            } catch (IOException e) {
                return fail(e.toString());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        abstract int run() throws IOException, GeneralSecurityException, BundleException;

        /** The private key and its public half ({@code KEY.pub}), checked to be one pair. */
        static KeyPair keyPair(Path key) throws IOException, GeneralSecurityException {
            PrivateKey priv = Ed25519Keys.readPrivate(key);
            Path pubFile = key.resolveSibling(key.getFileName() + ".pub");
            if (!Files.exists(pubFile)) {
                throw new GeneralSecurityException(pubFile + " not found: the public key must be beside the private key "
                        + "(mamori bundle keygen writes both)");
            }
            PublicKey pub = Ed25519Keys.readPublic(pubFile);
            byte[] probe = "mamori key pair check".getBytes();
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(probe);
            if (!s.verify(sig)) {
                throw new GeneralSecurityException(pubFile + " is not the public key of " + key);
            }
            return new KeyPair(pub, priv);
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Create an Ed25519 key pair: the private key at PREFIX (owner-only), the public key at PREFIX.pub.")
    static final class Keygen extends Base {
        @Option(names = "--out", required = true, paramLabel = "PREFIX")
        Path out;

        @Override
        int run() throws IOException, GeneralSecurityException {
            Path pub = out.resolveSibling(out.getFileName() + ".pub");
            if (Files.exists(out) || Files.exists(pub)) {
                return fail(out + " or " + pub + " already exists; not overwritten");
            }
            KeyPair kp = Ed25519Keys.generate();
            Ed25519Keys.writePrivate(out, kp.getPrivate());
            Files.writeString(pub, Ed25519Keys.publicPem(kp.getPublic()));
            out().println("private key: " + out + " (keep it secret; owner-only)");
            out().println("public key:  " + pub);
            out().println("key id:      " + Ed25519Keys.keyId(kp.getPublic()));
            out().println("for the servers' config:");
            out().println("  updates:");
            out().println("    trustedKeys:");
            out().println("      - " + Ed25519Keys.configValue(kp.getPublic()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "build",
            description = "Check a payload with the engine's own parser and self-test, then write NAME-VERSION.bundle signed with KEY.")
    static final class Build extends Base {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--component", required = true, paramLabel = "NAME",
                description = "virus-patterns (.hdb/.hsb/.ndb files), url-blocklist (one list file) or heuristic-rules (one rules file)")
        String component;

        @Option(names = "--version", required = true, paramLabel = "V", description = "e.g. 2026.11.25.1 or 1.4.0")
        String version;

        @Option(names = "--from", required = true, paramLabel = "DIR", description = "the payload: every file directly in DIR")
        Path from;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "private key (KEY.pub beside it)")
        Path key;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path outDir;

        @Option(names = "--min-engine", paramLabel = "V", defaultValue = "1.0",
                description = "oldest engine version that can read the payload (default: ${DEFAULT-VALUE})")
        String minEngine;

        @Override
        int run() throws IOException, GeneralSecurityException, BundleException {
            ComponentKind kind = ComponentKind.require(component);
            ComponentVersion v = ComponentVersion.parse(version);
            ComponentVersion min = ComponentVersion.parse(minEngine);
            if (min.isNewerThan(ComponentKind.ENGINE_VERSION)) {
                return fail("--min-engine " + min + " is newer than this program's engine " + ComponentKind.ENGINE_VERSION
                        + ": the payload could not be checked here");
            }
            List<Path> files = new ArrayList<>();
            try (var list = Files.list(from)) {
                for (Path p : list.sorted().toList()) {
                    if (!Files.isRegularFile(p)) {
                        return fail(p + " is not a regular file (the payload is the files directly in " + from + ")");
                    }
                    files.add(p);
                }
            }
            Path work = Files.createTempDirectory("mamori-bundle-check");
            String summary;
            try {
                summary = PayloadCheck.check(kind, files, work);
            } finally {
                deleteTree(work);
            }
            KeyPair kp = keyPair(key);
            Path bundle = BundleWriter.write(kind, v, min, Clock.systemUTC().instant(), files, kp.getPrivate(), kp.getPublic(), outDir);
            out().println("checked: " + summary);
            out().println("wrote " + bundle + " (" + Files.size(bundle) + " bytes, " + files.size() + (files.size() == 1 ? " file" : " files") + ", key "
                    + Ed25519Keys.keyId(kp.getPublic()) + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a bundle (or index.json with index.sig beside it) as a server would: signature, "
                    + "hashes, no missing or extra file, and the payload loads and passes the self-test.")
    static final class Verify extends Base {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--key", paramLabel = "PUB", description = "a trusted public key file (repeatable)")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--config", paramLabel = "FILE", description = "use updates.trustedKeys of this config")
        Path config;

        @Override
        int run() throws IOException, GeneralSecurityException, BundleException {
            TrustedKeys trusted = trusted();
            if (trusted == null) {
                return fail("name the publisher's key: --key PUB or --config FILE (updates.trustedKeys)");
            }
            if (file.getFileName().toString().equals(UpdateIndex.FILE_NAME)) {
                Path sig = file.resolveSibling(UpdateIndex.SIGNATURE_NAME);
                if (!Files.exists(sig)) {
                    throw new BundleException("missing file: " + sig);
                }
                UpdateIndex index = UpdateIndex.verify(Files.readAllBytes(file), Files.readAllBytes(sig), trusted);
                out().println(file + ": OK, issued " + index.issued());
                index.components().forEach(e -> out().println("  " + e.component() + " " + e.version() + " " + e.file()
                        + " " + e.size() + " bytes"));
                return ExitCodes.OK;
            }
            Path work = Files.createTempDirectory("mamori-bundle-verify");
            try {
                Path payload = work.resolve("payload");
                Manifest m = BundleReader.read(file, trusted, MAX_SIZE, payload);
                ComponentKind kind = ComponentKind.require(m.component());
                List<Path> files = m.files().stream().map(f -> payload.resolve(f.name())).toList();
                String summary = PayloadCheck.check(kind, files, work.resolve("selftest"));
                out().println(file + ": OK");
                out().println("  component " + m.component() + " " + m.version() + ", created " + m.created()
                        + ", needs engine " + m.minEngineVersion());
                m.files().forEach(f -> out().println("  " + f.name() + " " + f.size() + " bytes sha256 " + f.sha256()));
                out().println("  " + summary);
                return ExitCodes.OK;
            } finally {
                deleteTree(work);
            }
        }

        private TrustedKeys trusted() throws IOException, GeneralSecurityException {
            List<PublicKey> list = new ArrayList<>();
            for (Path k : keys) {
                list.add(Ed25519Keys.readPublic(k));
            }
            if (config != null) {
                try {
                    MamoriConfig c = ConfigLoader.load(config);
                    if (c.updates() == null) {
                        throw new GeneralSecurityException(config + " has no updates: section");
                    }
                    return c.updates().keys();
                } catch (ConfigException e) {
                    throw new GeneralSecurityException(config + ": " + e.getMessage());
                }
            }
            return list.isEmpty() ? null : TrustedKeys.of(list);
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Write and sign index.json/index.sig for the bundles in DIR (the newest version of each component).")
    static final class Index extends Base {
        @Option(names = "--from", required = true, paramLabel = "DIR")
        Path dir;

        @Option(names = "--key", required = true, paramLabel = "KEY")
        Path key;

        @Override
        int run() throws IOException, GeneralSecurityException, BundleException {
            KeyPair kp = keyPair(key);
            UpdateIndex index = UpdateIndex.writeFor(dir, kp.getPrivate(), kp.getPublic(), Instant.now(), MAX_SIZE);
            out().println("wrote " + dir.resolve(UpdateIndex.FILE_NAME) + " and " + UpdateIndex.SIGNATURE_NAME
                    + ", issued " + index.issued());
            index.components().forEach(e -> out().println("  " + e.component() + " " + e.version() + " " + e.file()));
            return ExitCodes.OK;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
