package dev.mamori.core.component;

import dev.mamori.core.config.ScanSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The components of a server without an update source: what is loaded from the local files named in {@code scan:},
 * each identified by the first 12 hex digits of the SHA-256 of its files, so two servers can be compared. Update and
 * rollback fail with the reason (no update source).
 */
public final class LocalComponents implements ComponentControl {
    private final List<ComponentStatus> components;

    public LocalComponents(ScanSettings scan, String engineVersion) {
        List<ComponentStatus> list = new ArrayList<>();
        list.add(local("scan-engine", engineVersion));
        list.add(local("virus-patterns", scan.signatureFiles().isEmpty() ? "built-in"
                : "local-" + digest(scan.signatureFiles())));
        list.add(local("url-blocklist", scan.urlBlocklist() == null ? "none" : "local-" + digest(List.of(scan.urlBlocklist()))));
        list.add(local("heuristic-rules", scan.heuristicRules() == null ? "built-in"
                : "local-" + digest(List.of(scan.heuristicRules()))));
        this.components = List.copyOf(list);
    }

    private static ComponentStatus local(String name, String version) {
        return new ComponentStatus(name, version, null, null, null, null, null, ComponentStatus.State.NOT_CONFIGURED,
                "no update source configured");
    }

    @Override
    public List<ComponentStatus> list() {
        return components;
    }

    @Override
    public CompletionStage<ComponentStatus> updateNow(String component, String actor) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "no update source is configured, so " + component + " cannot be updated"));
    }

    @Override
    public CompletionStage<ComponentStatus> rollback(String component, String actor) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "no earlier version of " + component + " is kept without an update source"));
    }

    private static String digest(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    return "unreadable";
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
