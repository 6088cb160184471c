package dev.mamori.core.scan.sig;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The signature engine as a {@link ContentEngine}: every item is streamed through a scanner of its own type (the
 * whole message as ClamAV's mail target, the rest by detected file type), so body and hash signatures see decoded
 * attachments and archive members, not their transfer encodings.
 */
public final class SignatureContentEngine implements ContentEngine {
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
        List<Detection> out = new ArrayList<>();
        for (SignatureMatch m : scanner.finish()) {
            out.add(new Detection(ThreatCategory.VIRUS, m.name(), name(), item.path(),
                    m.kind() == SignatureMatch.Kind.HASH ? "hash signature" : "body signature"));
        }
        return out;
    }

    public SignatureEngine engine() {
        return engine;
    }
}
