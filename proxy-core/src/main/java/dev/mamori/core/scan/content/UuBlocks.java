package dev.mamori.core.scan.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds uuencoded files inside a text item ({@code begin 644 name} … {@code end}, and the {@code begin-base64} …
 * {@code ====} variant) and emits each as a member of the text, named by its begin line. Old mailers and some malware
 * campaigns still send attachments this way, invisible to a MIME-only scanner.
 */
final class UuBlocks {
    private static final Pattern BEGIN = Pattern.compile("begin(-base64)? +[0-7]{3,4} +(.+)");
    private static final int MAX_LINE = 1024;

    private UuBlocks() {
    }

    static void extract(Walk walk, ContentItem text, ItemBuffer bytes) throws LimitExceededException {
        try (LineReader lines = new LineReader(open(bytes), MAX_LINE)) {
            int blocks = 0;
            for (String line; (line = lines.next()) != null; ) {
                if (!line.startsWith("begin")) {
                    continue; // almost every line: skip the regex
                }
                Matcher begin = BEGIN.matcher(line);
                if (!begin.matches()) {
                    continue;
                }
                if (++blocks > walk.limits().maxArchiveMembers()) {
                    throw new LimitExceededException(Limit.ARCHIVE_MEMBERS, text.path(),
                            String.valueOf(walk.limits().maxArchiveMembers()));
                }
                String name = begin.group(2).strip();
                ContentPath path = text.path().member(name);
                UuBlockStream block = new UuBlockStream(lines, begin.group(1) != null);
                Stored stored = walk.store(block, path, CompressionGuard.NONE);
                try (ItemBuffer buffer = stored.buffer()) {
                    if (stored.damage() == null && !block.ended()) {
                        walk.finding(Finding.Kind.MALFORMED_MIME, path, "uuencoded block without an end line");
                    } else if (stored.damage() != null) {
                        walk.finding(Finding.Kind.MALFORMED_MIME, path, "uuencoded block damaged after "
                                + buffer.size() + " bytes: " + stored.damage().getMessage());
                    }
                    walk.emit(path, name, null, buffer, false);
                }
            }
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }

    private static InputStream open(ItemBuffer bytes) {
        try {
            return bytes.open();
        } catch (IOException e) {
            throw new WalkFailure(e);
        }
    }
}
