package dev.mamori.core.scan.engine;

import dev.mamori.core.scan.content.ItemStorage;
import dev.mamori.core.scan.content.MessageWalker;
import dev.mamori.core.scan.content.ScanLimits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an engine the way the scan service will: the message is walked by the real {@link MessageWalker} and every
 * item it yields goes through the engine. Items are file-backed beyond 64 KiB, so random access is exercised on
 * disk too.
 */
public final class EngineHarness {
    private EngineHarness() {
    }

    public static List<Detection> scan(ContentEngine engine, byte[] message, Path temp) throws IOException {
        List<Detection> out = new ArrayList<>();
        new MessageWalker(ScanLimits.defaults(), new ItemStorage(temp, 64 * 1024))
                .walk(new ByteArrayInputStream(message), item -> out.addAll(engine.scan(item)));
        return out;
    }
}
