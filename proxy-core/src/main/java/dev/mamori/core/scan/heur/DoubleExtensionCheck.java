package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.util.List;

/**
 * Names built to show a harmless type while Windows runs another: {@code invoice.pdf.exe}, {@code photo.jpg   .scr}
 * (padding pushes the real extension out of view), {@code scan.pdf.......exe}, and right-to-left overrides
 * ({@code invoice\u202Efdp.exe} displays as "invoiceexe.pdf"). Fires only when the real extension is executable: a
 * version number ({@code setup.v2.exe}) or an ordinary dotted name ({@code report.final.pdf}) is not a trick.
 */
final class DoubleExtensionCheck implements HeuristicCheck {
    private static final int PADDING = 3;

    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.DOUBLE_EXTENSION;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) {
        if (item.declaredName().isEmpty()) {
            return;
        }
        String declared = FileNames.lastSegment(item.declaredName().get());
        String effective = FileNames.effective(declared);
        String real = FileNames.extension(effective);
        if (!rules.executableExtensions().contains(real)) {
            return;
        }
        String reason = reason(declared, effective, real, rules);
        if (reason != null) {
            out.add(Detections.of(ThreatCategory.SUSPICIOUS, HeuristicNames.DOUBLE_EXTENSION, item,
                    Detections.subject(item) + " " + reason));
        }
    }

    private static String reason(String declared, String effective, String real, HeuristicRules rules) {
        if (FileNames.hasBidiControl(declared)) {
            return "uses a right-to-left override to hide its real extension ." + real;
        }
        String stem = effective.substring(0, effective.length() - real.length() - 1);
        int end = stem.length();
        int spaces = 0;
        while (end > 0 && (stem.charAt(end - 1) == '.' || stem.charAt(end - 1) == '_'
                || FileNames.isSpace(stem.charAt(end - 1)))) {
            spaces += FileNames.isSpace(stem.charAt(end - 1)) ? 1 : 0;
            end--;
        }
        String shown = FileNames.extension(stem.substring(0, end));
        if (rules.decoyExtensions().contains(shown)) {
            return "shows ." + shown + " but is ." + real;
        }
        if (spaces >= PADDING) {
            return "pads its name with spaces to hide its real extension ." + real;
        }
        return null;
    }
}
