package dev.mamori.core.scan.content;

import java.nio.charset.StandardCharsets;

/**
 * Tells OOXML, OpenDocument, JAR and APK apart from a plain ZIP by the member names visible in the item's first and
 * last bytes: local file headers at the start, the central directory at the end. Office writes
 * {@code [Content_Types].xml} first and the central directory of an ordinary document fits in the tail window, so
 * both views together classify real files; a name seen in neither leaves a plain {@link FileType#ZIP}.
 */
final class ZipFlavour {
    private static final byte[] LOCAL = {'P', 'K', 3, 4};
    private static final byte[] CENTRAL = {'P', 'K', 1, 2};

    private boolean contentTypes;
    private boolean word;
    private boolean excel;
    private boolean powerPoint;
    private boolean odfMimetype;
    private boolean manifest;
    private boolean android;

    static FileType of(byte[] head, int headLen, byte[] tail, int tailLen) {
        ZipFlavour f = new ZipFlavour();
        f.scan(head, headLen, LOCAL, 26, 30);
        f.scan(tail, tailLen, CENTRAL, 28, 46);
        return f.type();
    }

    private void scan(byte[] b, int len, byte[] signature, int nameLengthAt, int nameAt) {
        for (int i = Magic.indexOf(b, 0, len, signature); i >= 0; i = Magic.indexOf(b, i + 4, len, signature)) {
            int nameLength = Magic.le16(b, len, i + nameLengthAt);
            if (nameLength <= 0 || i + nameAt + nameLength > len) {
                continue;
            }
            name(new String(b, i + nameAt, nameLength, StandardCharsets.UTF_8));
        }
    }

    private void name(String name) {
        switch (name) {
            case "[Content_Types].xml" -> contentTypes = true;
            case "mimetype" -> odfMimetype = true;
            case "META-INF/MANIFEST.MF" -> manifest = true;
            case "AndroidManifest.xml", "classes.dex" -> android = true;
            default -> {
                word |= name.startsWith("word/");
                excel |= name.startsWith("xl/");
                powerPoint |= name.startsWith("ppt/");
            }
        }
    }

    private FileType type() {
        if (contentTypes) {
            return word ? FileType.DOCX : excel ? FileType.XLSX : powerPoint ? FileType.PPTX : FileType.OOXML;
        }
        if (android) {
            return FileType.APK;
        }
        if (odfMimetype) {
            return FileType.ODF;
        }
        return manifest ? FileType.JAR : FileType.ZIP;
    }
}
