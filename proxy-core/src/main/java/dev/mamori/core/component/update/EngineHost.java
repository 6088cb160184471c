package dev.mamori.core.component.update;

import dev.mamori.core.scan.engine.ContentEngine;

import java.util.List;

/** Where the engine set lives: {@code ProxyRuntime} in a server, a plain holder in tests. */
public interface EngineHost {
    List<ContentEngine> engines();

    /** Replaces the whole set for scans that start from now on; scans in flight keep theirs. */
    void useEngines(List<ContentEngine> engines);
}
