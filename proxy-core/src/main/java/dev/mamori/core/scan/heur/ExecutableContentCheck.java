package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.content.FileType;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Executables, installers, shortcuts, scripts and disk images by detected content, whatever the name says. Blocked
 * when the rules list the type, suspicious otherwise. Windows Script Files (XML with {@code <job>} and a
 * {@code <script language=...>}) are not a detector type; they are recognised here from the text.
 */
final class ExecutableContentCheck implements HeuristicCheck {
    private static final int WSF_WINDOW = 4096;

    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.EXECUTABLE_CONTENT;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) throws IOException {
        FileType type = item.detectedType();
        String name = HeuristicNames.forType(type);
        if (name != null) {
            ThreatCategory category = rules.blockedTypes().contains(type)
                    ? ThreatCategory.BLOCKED_ATTACHMENT : ThreatCategory.SUSPICIOUS;
            out.add(Detections.of(category, name, item, Detections.subject(item) + " is a " + type.description()));
        } else if (item.depth() > 0 && (type == FileType.TEXT || type == FileType.HTML) && isWsf(item)) {
            out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.SCRIPT_WSF, item,
                    Detections.subject(item) + " is a Windows Script File"));
        }
    }

    private static boolean isWsf(ContentItem item) throws IOException {
        String head = new String(item.read(0, WSF_WINDOW), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return head.contains("<job") && head.contains("<script") && (head.contains("language=\"jscript")
                || head.contains("language=\"vbscript") || head.contains("language='jscript")
                || head.contains("language='vbscript"));
    }
}
