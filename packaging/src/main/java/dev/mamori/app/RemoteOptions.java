package dev.mamori.app;

import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.net.HostPort;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/** How the remote commands reach an admin channel: {@code --server}, {@code --user}, a password file or a key. */
final class RemoteOptions {
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:18022",
            description = "the admin channel (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "admin", description = "admin account (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE (otherwise it is asked for)")
    Path passwordFile;

    @Option(names = "--identity", paramLabel = "KEY", description = "OpenSSH private key file (unencrypted) instead of a password")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "pinned host keys; the first key seen is trusted and kept (default: ~/.mamori/known_hosts)")
    Path knownHosts;

    @Option(names = "--json", description = "print the raw JSON result")
    boolean json;

    AdminClient connect() throws IOException, AdminError {
        HostPort target;
        try {
            target = HostPort.parse(server);
        } catch (IllegalArgumentException e) {
            throw new IOException("--server: " + e.getMessage());
        }
        KnownHosts hosts = new KnownHosts(knownHosts != null ? knownHosts : KnownHosts.defaultFile());
        if (identity != null) {
            return AdminClient.connect(target.host(), target.port(), user, loadKey(identity), hosts);
        }
        return AdminClient.connect(target.host(), target.port(), user, password(), hosts);
    }

    private char[] password() throws IOException {
        if (passwordFile != null) {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "").toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IOException("no terminal to ask for the password: use --password-file or --identity");
        }
        char[] pw = console.readPassword("Password for %s@%s: ", user, server);
        if (pw == null) {
            throw new IOException("no password given");
        }
        return pw;
    }

    private static KeyPair loadKey(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, null);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException(file + ": no private key found");
            }
            return it.next();
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": cannot read the key: " + e.getMessage(), e);
        }
    }
}
