package dev.mamori.core.scan.content;

import java.io.IOException;

/**
 * An item's bytes as far as they could be decoded. {@code damage} is why decoding stopped early (a truncated or
 * corrupt stream); the bytes before it are still scanned, because malware in a damaged archive is still malware.
 */
record Stored(ItemBuffer buffer, IOException damage) {
}
