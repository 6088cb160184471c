package dev.mamori.core.scan.sig;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.ContentPath;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.MessageStreamEngine;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The signature engine as a {@link ContentEngine}: every item is streamed through a scanner of its own type (the
 * whole message as ClamAV's mail target, the rest by detected file type), so body and hash signatures see decoded
 * attachments and archive members, not their transfer encodings. The whole message can also be fed as it arrives
 * ({@link #startMessage()}); its size is then unknown, so hash signatures are computed until the message outgrows
 * every size in the database.
 */
public final class SignatureContentEngine implements MessageStreamEngine {
    private final SignatureEngine engine;

    public SignatureContentEngine(SignatureEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "signatures";
    }

    @Override
    public List<Detection> scan(ContentItem item) throws IOException {
        SignatureScanner scanner = item.depth() == 0
                ? engine.newScanner(SignatureTarget.MAIL, item.size())
                : engine.newScanner(item.detectedType(), item.size());
        item.forEachChunk(scanner::update);
        return detections(scanner, item.path());
    }

    @Override
    public MessageScan startMessage() {
        SignatureScanner scanner = engine.newScanner(SignatureTarget.MAIL, -1);
        return new MessageScan() {
            @Override
            public void accept(byte[] buffer, int offset, int length) {
                scanner.update(buffer, offset, length);
            }

            @Override
            public List<Detection> finish(ContentPath root) {
                return detections(scanner, root);
            }
        };
    }

    @Override
    public MessageScan startItem(FileType typeFromHead) {
        SignatureScanner scanner = engine.newScanner(typeFromHead);
        return new MessageScan() {
            @Override
            public void accept(byte[] buffer, int offset, int length) {
                scanner.update(buffer, offset, length);
            }

            @Override
            public List<Detection> finish(ContentPath path) {
                return detections(scanner, path);
            }
        };
    }

    /** Body signatures depend on the target type only; hash signatures are computed whatever the size. */
    @Override
    public boolean streamedScanHolds(FileType typeFromHead, ContentItem item) {
        return item.depth() > 0 && SignatureTarget.of(typeFromHead) == SignatureTarget.of(item.detectedType());
    }

    private List<Detection> detections(SignatureScanner scanner, ContentPath path) {
        List<Detection> out = new ArrayList<>();
        for (SignatureMatch m : scanner.finish()) {
            out.add(new Detection(ThreatCategory.VIRUS, m.name(), name(), path,
                    m.kind() == SignatureMatch.Kind.HASH ? "hash signature" : "body signature"));
        }
        return out;
    }

    public SignatureEngine engine() {
        return engine;
    }
}
