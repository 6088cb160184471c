package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.ContentEngine;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Sends the items {@link ClamdSettings#items()} selects to clamd and reports what clamd finds as {@code VIRUS},
 * under clamd's own name (signatures from unsigned databases carry clamd's {@code .UNOFFICIAL} suffix).
 *
 * <p>Nothing passes silently: an item over {@link ClamdSettings#maxStreamSize()} is a
 * {@link ClamdStreamTooLargeException} ("too large for clamd") before a byte is sent, and an unreachable, slow or
 * failing clamd is a {@link ClamdException}; both are {@link IOException}s, so the scan fails rather than passes.
 * Immutable and thread-safe; blocking.
 */
public final class ClamdEngine implements ContentEngine {
    public static final String NAME = "clamd";

    private final ClamdClient client;

    public ClamdEngine(ClamdSettings settings) {
        this(new ClamdClient(settings));
    }

    public ClamdEngine(ClamdClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return NAME;
    }

    public ClamdSettings settings() {
        return client.settings();
    }

    @Override
    public List<Detection> scan(ContentItem item) throws IOException {
        ClamdSettings settings = client.settings();
        if (!settings.items().sends(item)) {
            return List.of();
        }
        String where = item.path().render();
        if (item.size() > settings.maxStreamSize()) {
            throw new ClamdStreamTooLargeException("too large for clamd: " + where + " is " + item.size()
                    + " bytes, clamd accepts at most " + settings.maxStreamSize() + " (StreamMaxLength)",
                    settings.maxStreamSize());
        }
        List<String> names;
        try (InputStream in = item.open()) {
            names = client.scan(in);
        } catch (ClamdStreamTooLargeException e) {
            throw new ClamdStreamTooLargeException(e.getMessage() + " (" + where + ")", e.limit());
        } catch (ClamdException e) {
            throw new ClamdException(e.getMessage() + " (scanning " + where + ")", e);
        }
        String detail = detail(item);
        return names.stream()
                .map(name -> new Detection(ThreatCategory.VIRUS, name, NAME, item.path(), detail))
                .toList();
    }

    private static String detail(ContentItem item) {
        if (item.depth() == 0) {
            // clamd parses the mail itself and names no part; a part-exact report needs the MIME leaves sent too
            return "clamd found it in the message as a whole";
        }
        return "clamd found it in this " + item.detectedType().description();
    }
}
