package dev.mamori.core.component.update;

import java.net.URI;
import java.util.List;

/**
 * Where to look for {@code index.json}, in order of preference: a fixed URL, or relays found on the LAN followed by
 * the fallback source. A base URI ends with {@code /}; the index and bundles are resolved against it.
 */
public interface SourceLocator extends AutoCloseable {
    List<URI> candidates();

    static SourceLocator fixed(String url) {
        URI base = URI.create(url.endsWith("/") ? url : url + "/");
        return new SourceLocator() {
            @Override
            public List<URI> candidates() {
                return List.of(base);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    void close();
}
