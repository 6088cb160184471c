package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A visitor that keeps what it saw (bytes up to 1 MiB), and the walk result: the view every test asserts on. */
final class Collected implements ContentVisitor {
    record Seen(String path, int depth, String name, String mime, FileType type, long size, byte[] head) {
        String text() {
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }

    final List<Seen> items = new ArrayList<>();
    WalkResult result;

    @Override
    public void item(ContentItem item) throws IOException {
        byte[] head;
        try (InputStream in = item.open()) {
            head = in.readNBytes(1024 * 1024);
        }
        items.add(new Seen(item.path().render(), item.depth(), item.declaredName().orElse(null),
                item.declaredMimeType().orElse(null), item.detectedType(), item.size(), head));
    }

    static Collected walk(byte[] message, ScanLimits limits, Path temp) throws IOException {
        Collected c = new Collected();
        c.result = new MessageWalker(limits, new ItemStorage(temp)).walk(new java.io.ByteArrayInputStream(message), c);
        return c;
    }

    static Collected walk(byte[] message, Path temp) throws IOException {
        return walk(message, ScanLimits.defaults(), temp);
    }

    Seen at(String path) {
        return find(path).orElseThrow(() -> new AssertionError("no item at " + path + "; items: " + paths()));
    }

    Optional<Seen> find(String path) {
        return items.stream().filter(s -> s.path().equals(path)).findFirst();
    }

    List<String> paths() {
        return items.stream().map(Seen::path).toList();
    }

    List<String> findings() {
        return result.findings().stream().map(Finding::toString).toList();
    }
}
