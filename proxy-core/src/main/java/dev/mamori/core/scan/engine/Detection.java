package dev.mamori.core.scan.engine;

import dev.mamori.core.scan.content.ContentPath;

/**
 * One thing an engine found in one content item.
 *
 * @param category what kind of threat
 * @param name     the threat name shown to users and in logs (e.g. {@code Eicar-Test-Signature},
 *                 {@code Heuristic.DoubleExtension}, {@code Url.Blocklisted})
 * @param engine   the engine that found it ({@code signatures}, {@code heuristics}, {@code urls}, {@code clamd})
 * @param path     where: {@code message › part 2 › invoice.zip › a.exe}
 * @param detail   a short human explanation (e.g. the matched URL host, "invoice.pdf.exe is a PE executable")
 */
public record Detection(ThreatCategory category, String name, String engine, ContentPath path, String detail) {
}
