package dev.mamori.core.scan.url;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the URLs of text and HTML items against the {@link UrlBlocklist} component. One detection per distinct
 * matching entry, at most {@link #MAX_DETECTIONS_PER_ITEM} per item (a part listing a hundred bad links is one
 * verdict; a hundred lines in the notice help nobody). Immutable and thread-safe; a new list means a new engine.
 */
public final class UrlEngine implements ContentEngine {
    public static final String NAME = "urls";
    public static final String BLOCKLISTED = "Url.Blocklisted";
    static final int MAX_DETECTIONS_PER_ITEM = 10;

    private final UrlBlocklist blocklist;
    private final UrlExtractor extractor;

    public UrlEngine(UrlBlocklist blocklist, UrlExtractor extractor) {
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Detection> scan(ContentItem item) throws IOException {
        if (!UrlExtractor.accepts(item)) {
            return List.of();
        }
        Set<String> entries = new LinkedHashSet<>();
        List<Detection> out = new ArrayList<>();
        for (WebUrl url : extractor.extract(item)) {
            var match = blocklist.match(url);
            if (match.isPresent() && entries.add(match.get().entry())) {
                String detail = url.normalised() + " is on the URL blocklist ("
                        + match.get().kind().name().toLowerCase(java.util.Locale.ROOT) + " entry "
                        + match.get().entry() + ")";
                out.add(new Detection(ThreatCategory.MALICIOUS_URL, BLOCKLISTED, NAME, item.path(), detail));
                if (out.size() == MAX_DETECTIONS_PER_ITEM) {
                    break;
                }
            }
        }
        return out;
    }
}
