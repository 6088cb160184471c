package dev.mamori.core.scan.clamd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.mamori.core.scan.clamd.TestMail.ascii;
import static dev.mamori.core.scan.clamd.TestMail.attachedMessage;
import static dev.mamori.core.scan.clamd.TestMail.attachment;
import static dev.mamori.core.scan.clamd.TestMail.concat;
import static dev.mamori.core.scan.clamd.TestMail.html;
import static dev.mamori.core.scan.clamd.TestMail.multipart;
import static dev.mamori.core.scan.clamd.TestMail.plain;
import static dev.mamori.core.scan.clamd.TestMail.quotedPrintable;
import static dev.mamori.core.scan.clamd.TestMail.tarGz;
import static dev.mamori.core.scan.clamd.TestMail.text;
import static dev.mamori.core.scan.clamd.TestMail.uuencode;
import static dev.mamori.core.scan.clamd.TestMail.zip;

/**
 * The "same signatures, same corpus, same verdicts" set for comparing real clamd with Mamori's own engines: a
 * signature database in ClamAV formats ({@code .ndb} body patterns with {@code ??}, {@code {n-m}}, {@code *},
 * {@code (a|b)} and an offset; {@code .hdb} MD5 and {@code .hsb} SHA-256 hashes; EICAR as a body pattern) and a
 * corpus of messages, each with the signature names it must produce, clean ones and near misses included.
 *
 * <p>Everything is generated: the EICAR string is assembled at run time and nothing harmful is stored. Names are
 * compared after {@link #normalize(String)}, because clamd suffixes names from unsigned databases with
 * {@code .UNOFFICIAL}.
 */
public final class ClamdCrossCheckCorpus {
    public static final String EICAR = "Eicar-Test-Signature";
    public static final String LITERAL = "Mamori.Test.Literal";
    public static final String WILDCARD = "Mamori.Test.Wildcard";
    public static final String GAP = "Mamori.Test.Gap";
    public static final String STAR = "Mamori.Test.Star";
    public static final String ALTERNATIVE = "Mamori.Test.Alternative";
    public static final String AT_START = "Mamori.Test.AtStart";
    public static final String MD5 = "Mamori.Test.Hash.Md5";
    public static final String SHA256 = "Mamori.Test.Hash.Sha256";

    /** One database file: its name (the extension says the format) and its lines. */
    public record Database(String fileName, String content) {
    }

    /** One message and the signature names (normalized) a correct scanner reports for it, empty when clean. */
    public record Sample(String name, byte[] message, Set<String> expected) {
        public boolean infected() {
            return !expected.isEmpty();
        }
    }

    private ClamdCrossCheckCorpus() {
    }

    /** The EICAR test file (68 bytes), built from pieces so that no file of the repository contains it. */
    public static byte[] eicar() {
        String[] pieces = {"X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-FILE!", "$H+H*"};
        return String.join("", pieces).getBytes(StandardCharsets.US_ASCII);
    }

    /** The signature databases: load the same files into clamd and into the other engine. */
    public static List<Database> databases() {
        HexFormat hex = HexFormat.of();
        String ndb = String.join("\n",
                EICAR + ":0:*:" + hex.formatHex(eicar()),
                LITERAL + ":0:*:" + hex.formatHex(ascii("mamori-literal-7f3a")) + "00ff00ff",
                WILDCARD + ":0:*:" + hex.formatHex(ascii("MAMORI")) + "??" + hex.formatHex(ascii("WILDCARD")),
                GAP + ":0:*:" + hex.formatHex(ascii("GAP-START")) + "{4-12}" + hex.formatHex(ascii("GAP-END")),
                STAR + ":0:*:" + hex.formatHex(ascii("STAR-HEAD")) + "*" + hex.formatHex(ascii("STAR-TAIL")),
                ALTERNATIVE + ":0:*:" + hex.formatHex(ascii("ALT-")) + "(" + hex.formatHex(ascii("one")) + "|"
                        + hex.formatHex(ascii("two")) + ")" + hex.formatHex(ascii("-END")),
                AT_START + ":0:0:" + hex.formatHex(ascii("MZ-MAMORI-START"))) + "\n";
        byte[] md5Blob = hashedBlob(1);
        byte[] shaBlob = hashedBlob(2);
        String hdb = hex.formatHex(digest("MD5", md5Blob)) + ":" + md5Blob.length + ":" + MD5 + "\n";
        String hsb = hex.formatHex(digest("SHA-256", shaBlob)) + ":" + shaBlob.length + ":" + SHA256 + "\n";
        return List.of(new Database("mamori-test.ndb", ndb), new Database("mamori-test.hdb", hdb),
                new Database("mamori-test.hsb", hsb));
    }

    /** Writes {@link #databases()} into {@code directory} and returns the files. */
    public static List<Path> writeDatabases(Path directory) throws IOException {
        Files.createDirectories(directory);
        return databases().stream().map(db -> {
            try {
                return Files.writeString(directory.resolve(db.fileName()), db.content(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    /** clamd's name without the {@code .UNOFFICIAL} suffix it gives signatures from unsigned databases. */
    public static String normalize(String clamdName) {
        return clamdName.endsWith(".UNOFFICIAL")
                ? clamdName.substring(0, clamdName.length() - ".UNOFFICIAL".length()) : clamdName;
    }

    public static List<Sample> samples() {
        byte[] eicar = eicar();
        return List.of(
                clean("clean-plain", plain("hello", "Lunch at noon?\nBring the slides.\n")),
                clean("clean-html-and-pdf", multipart("report",
                        html("<html><body><p>See <a href=\"https://example.org/r\">the report</a></p></body></html>\n"),
                        attachment("report.pdf", ascii("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")))),
                clean("clean-zip", multipart("docs", text("docs attached\n"),
                        attachment("docs.zip", zip(Map.of("a.txt", ascii("alpha\n"), "b.txt", ascii("beta\n")))))),
                clean("near-misses", multipart("near misses",
                        text("MAMORI--WILDCARD\nGAP-START" + "x".repeat(20) + "GAP-END\nGAP-STARTxyGAP-END\n"
                                + "ALT-six-END\nSTAR-TAIL comes before STAR-HEAD\n"),
                        attachment("almost.com", altered(eicar)),
                        attachment("not-at-start.bin", ascii("12345MZ-MAMORI-START")),
                        attachment("blob-md5-altered.bin", altered(hashedBlob(1))),
                        attachment("blob-sha-short.bin", java.util.Arrays.copyOf(hashedBlob(2), 2999)))),
                infected("eicar-inline-text", plain("inline", "test file below\n"
                        + new String(eicar, StandardCharsets.US_ASCII) + "\n"), EICAR),
                infected("eicar-attachment", multipart("plain attachment", text("see attachment\n"),
                        attachment("eicar.com", eicar)), EICAR),
                infected("eicar-zip", multipart("zip", text("zipped\n"),
                        attachment("eicar.zip", zip(Map.of("eicar.com", eicar)))), EICAR),
                infected("eicar-zip-in-zip", multipart("zip in zip", text("nested\n"),
                        attachment("outer.zip", zip(Map.of("inner.zip", zip(Map.of("eicar.com", eicar)))))),
                        EICAR),
                infected("eicar-rfc822", multipart("forwarded", text("forwarding this\n"),
                        attachedMessage(multipart("original", text("original text\n"),
                                attachment("eicar.com", eicar)))), EICAR),
                infected("eicar-tar-gz", multipart("tarball", text("tarball\n"),
                        attachment("files.tar.gz", tarGz(Map.of("dir/eicar.com", eicar)))), EICAR),
                infected("eicar-uuencoded", plain("uuencoded", "old style attachment:\n\n"
                        + uuencode("eicar.com", eicar) + "\n"), EICAR),
                infected("literal-in-binary", multipart("binary", text("data\n"),
                        attachment("data.bin", concat(new byte[300], ascii("mamori-literal-7f3a"),
                                new byte[]{0, (byte) 0xFF, 0, (byte) 0xFF}, new byte[300]))), LITERAL),
                infected("wildcard", multipart("wildcard", text("x\n"),
                        attachment("w.bin", concat(ascii("..MAMORI"), new byte[]{(byte) 0x9C}, ascii("WILDCARD..")))),
                        WILDCARD),
                infected("gap-quoted-printable", multipart("gap",
                        quotedPrintable("prefix GAP-START=3D=3D=3D=3D=3D=3DGAP-END suffix\n")), GAP),
                infected("star-across-lines", multipart("star",
                        attachment("s.txt", ascii("STAR-HEAD\n" + "filler line\n".repeat(500) + "STAR-TAIL\n"))),
                        STAR),
                infected("alternative", multipart("alternative", text("value ALT-two-END here\n")), ALTERNATIVE),
                infected("at-start", multipart("at start", text("x\n"),
                        attachment("start.bin", ascii("MZ-MAMORI-START and then some bytes"))), AT_START),
                infected("hash-md5", multipart("md5", text("blob\n"), attachment("blob.bin", hashedBlob(1))), MD5),
                infected("hash-sha256-in-zip", multipart("sha", text("blob\n"),
                        attachment("blob.zip", zip(Map.of("blob.bin", hashedBlob(2))))), SHA256),
                infected("two-threats", multipart("two", text("two things\n"),
                        attachment("eicar.com", eicar),
                        attachment("lit.bin", concat(ascii("mamori-literal-7f3a"), new byte[]{0, (byte) 0xFF, 0,
                                (byte) 0xFF}))), EICAR, LITERAL));
    }

    /** Deterministic binary content whose hash is in the databases; {@code seed} 1 for MD5, 2 for SHA-256. */
    static byte[] hashedBlob(int seed) {
        byte[] b = new byte[3000];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] altered(byte[] original) {
        byte[] b = original.clone();
        b[b.length / 2] ^= 0x20;
        return b;
    }

    private static Sample clean(String name, byte[] message) {
        return new Sample(name, message, Set.of());
    }

    private static Sample infected(String name, byte[] message, String... expected) {
        return new Sample(name, message, Set.of(expected));
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
