package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.FileType;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the heuristics engine looks for and how hard it judges. {@link #defaults()} is what a cautious small site
 * wants; {@link HeuristicRulesParser} reads a rules file (a component) that adjusts the defaults line by line.
 *
 * @param checks               the checks that run
 * @param blockedExtensions    declared extensions refused outright ({@code BLOCKED_ATTACHMENT}), lower case, no dot
 * @param blockedTypes         detected types refused outright, whatever the name says; the other executable,
 *                             script and disk-image types are {@code SUSPICIOUS}
 * @param executableExtensions the real extension a double-extension trick hides ({@code invoice.pdf.exe})
 * @param decoyExtensions      the harmless-looking extension it shows ({@code pdf}, {@code jpg}...)
 * @param trustedLinkHosts     link rewriters and redirectors whose hrefs never make a link deceptive (Safe Links,
 *                             URL Defense...): host names, matched with their sub-domains
 * @param maxHtmlBytes         bytes of an HTML item examined for deceptive links
 * @param maxLinks             links examined per HTML item
 */
public record HeuristicRules(Set<Check> checks, Set<String> blockedExtensions, Set<FileType> blockedTypes,
                             Set<String> executableExtensions, Set<String> decoyExtensions,
                             Set<String> trustedLinkHosts, int maxHtmlBytes, int maxLinks) {

    /** The checks; each can be switched off in the rules file by its {@link #key()}. */
    public enum Check {
        EXECUTABLE_CONTENT, BLOCKED_EXTENSION, DOUBLE_EXTENSION, EXTENSION_MISMATCH, OFFICE_MACRO, DECEPTIVE_LINK;

        /** {@code double-extension}: the spelling used in rules files. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Extensions Windows runs on a double-click, plus the containers that deliver them past gateways: executables and
     * installers (exe, scr, pif, com, cpl, msi, msp, msix/appx and their bundles, appinstaller), scripts for the
     * Windows Script Host and shells (bat, cmd, vbs, vbe, js, jse, wsf, wsh, hta, ps1, reg), shortcuts (lnk, url,
     * scf), compiled help (chm), Java archives (jar: the double-click runs them wherever Java is installed, and
     * office mail has no use for them) and disk images (iso, img, vhd, vhdx: Windows mounts them with one click and
     * their content escapes Mark-of-the-Web). Ordinary archives (zip, 7z, rar) are not blocked: their members are.
     */
    public static final Set<String> DEFAULT_BLOCKED_EXTENSIONS = Set.of(
            "exe", "scr", "pif", "com", "cpl", "msi", "msp", "msix", "msixbundle", "appx", "appxbundle",
            "appinstaller", "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "ps1", "reg", "lnk",
            "url", "scf", "chm", "jar", "iso", "img", "vhd", "vhdx");

    /**
     * Types refused by content, whatever their name: Windows executables and installers, shortcuts, HTML applications
     * and disk images have no business in a small office's mail. Scripts recognised in text (JS, VBS, PowerShell,
     * batch), ELF and Mach-O binaries, class files and JARs stay suspicious: text classification can err, and the
     * others do not run on the office's Windows machines by a double-click.
     */
    public static final Set<FileType> DEFAULT_BLOCKED_TYPES = Set.copyOf(EnumSet.of(
            FileType.PE, FileType.MSDOS, FileType.MSI, FileType.LNK, FileType.HTA,
            FileType.ISO9660, FileType.UDF, FileType.VHD, FileType.VHDX, FileType.DISK_IMAGE));

    public static final Set<String> DEFAULT_DECOY_EXTENSIONS = Set.of(
            "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "odt", "ods", "txt", "csv", "htm", "html",
            "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp3", "mp4", "wav", "avi", "mov", "zip", "rar", "7z",
            "eml", "msg", "xml", "json");

    /** Link protection services rewrite every href of a mail; without this every protected mail would fire. */
    public static final Set<String> DEFAULT_TRUSTED_LINK_HOSTS = Set.of(
            "safelinks.protection.outlook.com", "urldefense.com", "urldefense.proofpoint.com",
            "protect.mimecast.com", "protect-eu.mimecast.com", "protect-us.mimecast.com", "linkprotect.cudasvc.com");

    public HeuristicRules {
        checks = Set.copyOf(checks);
        blockedExtensions = lowerCase(blockedExtensions);
        blockedTypes = Set.copyOf(blockedTypes);
        executableExtensions = lowerCase(executableExtensions);
        decoyExtensions = lowerCase(decoyExtensions);
        trustedLinkHosts = lowerCase(trustedLinkHosts);
        if (maxHtmlBytes < 1024 || maxLinks < 1) {
            throw new IllegalArgumentException("maxHtmlBytes must be at least 1024 and maxLinks at least 1");
        }
    }

    /** Every check on; 2 MiB of HTML and 500 links per item examined. */
    public static HeuristicRules defaults() {
        return new HeuristicRules(EnumSet.allOf(Check.class), DEFAULT_BLOCKED_EXTENSIONS, DEFAULT_BLOCKED_TYPES,
                DEFAULT_BLOCKED_EXTENSIONS, DEFAULT_DECOY_EXTENSIONS, DEFAULT_TRUSTED_LINK_HOSTS,
                2 * 1024 * 1024, 500);
    }

    public boolean enabled(Check check) {
        return checks.contains(check);
    }

    public HeuristicRules withChecks(Collection<Check> value) {
        return new HeuristicRules(Set.copyOf(value), blockedExtensions, blockedTypes, executableExtensions,
                decoyExtensions, trustedLinkHosts, maxHtmlBytes, maxLinks);
    }

    public HeuristicRules withBlockedExtensions(Collection<String> value) {
        return new HeuristicRules(checks, Set.copyOf(value), blockedTypes, executableExtensions, decoyExtensions,
                trustedLinkHosts, maxHtmlBytes, maxLinks);
    }

    public HeuristicRules withBlockedTypes(Collection<FileType> value) {
        return new HeuristicRules(checks, blockedExtensions, Set.copyOf(value), executableExtensions,
                decoyExtensions, trustedLinkHosts, maxHtmlBytes, maxLinks);
    }

    private static Set<String> lowerCase(Collection<String> values) {
        return values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
