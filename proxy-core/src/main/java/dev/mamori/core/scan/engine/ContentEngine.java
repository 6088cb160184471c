package dev.mamori.core.scan.engine;

import dev.mamori.core.scan.content.ContentItem;

import java.io.IOException;
import java.util.List;

/**
 * A scanning engine: looks at one content item (the whole message, a decoded MIME part, or an archive member) and
 * reports what it found. Implementations are immutable and thread-safe (one instance serves every scan thread);
 * they run on the scan executor, never on an event loop. An {@link IOException} means the engine itself failed
 * (the scan becomes a scanner error), never that the content was bad: bad content is a detection or nothing.
 */
public interface ContentEngine {
    String name();

    List<Detection> scan(ContentItem item) throws IOException;
}
