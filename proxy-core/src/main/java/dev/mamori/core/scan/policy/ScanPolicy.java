package dev.mamori.core.scan.policy;

/**
 * Verdict category → action. Defaults are what a cautious small site would choose: anything dangerous or
 * unverifiable is replaced by a notice and kept in quarantine, where an administrator can release it; broken MIME
 * and dangerous links are delivered tagged (the text stays readable) with a quarantined copy of the link case.
 * {@code strip} (only the concerned attachments replaced) is available per category; it is not the default because
 * a limit finding means later parts went unscanned, and the whole-message notice is the clearer message to users.
 *
 * @param virus             default [replace, quarantine]
 * @param blockedAttachment default [replace, quarantine]
 * @param suspicious        default [replace, quarantine]
 * @param maliciousUrl      default [deliver, tag, quarantine]
 * @param unscannable       limits exceeded, unsupported or corrupt containers; default [replace, quarantine]
 * @param encrypted         encrypted archives; default [replace, quarantine] (a favourite way to smuggle malware)
 * @param malformed         broken MIME; default [deliver, tag]
 * @param scanFailure       when the scanner itself fails: {@code tempfail} (the message stays on the server / 451,
 *                          default) or {@code deliver-tagged} (fail open: explicitly chosen, every such message tagged)
 * @param subjectTag        the subject prefix of tagged and replaced messages; {@code {category}} is replaced by the
 *                          category's words; default {@code [Mamori: {category}]}
 */
public record ScanPolicy(PolicyAction virus, PolicyAction blockedAttachment, PolicyAction suspicious,
                         PolicyAction maliciousUrl, PolicyAction unscannable, PolicyAction encrypted,
                         PolicyAction malformed, ScanFailure scanFailure, String subjectTag) {
    public enum ScanFailure {
        TEMPFAIL, DELIVER_TAGGED;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static ScanFailure parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "tempfail" -> TEMPFAIL;
                case "deliver-tagged" -> DELIVER_TAGGED;
                default -> throw new IllegalArgumentException("'" + s + "' is not a scan failure action (allowed: tempfail, deliver-tagged)");
            };
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String yaml() {
            return this == TEMPFAIL ? "tempfail" : "deliver-tagged";
        }
    }

    public ScanPolicy {
        virus = virus != null ? virus : PolicyAction.of("replace", "quarantine");
        blockedAttachment = blockedAttachment != null ? blockedAttachment : PolicyAction.of("replace", "quarantine");
        suspicious = suspicious != null ? suspicious : PolicyAction.of("replace", "quarantine");
        maliciousUrl = maliciousUrl != null ? maliciousUrl : PolicyAction.of("deliver", "tag", "quarantine");
        unscannable = unscannable != null ? unscannable : PolicyAction.of("replace", "quarantine");
        encrypted = encrypted != null ? encrypted : PolicyAction.of("replace", "quarantine");
        malformed = malformed != null ? malformed : PolicyAction.of("deliver", "tag");
        scanFailure = scanFailure != null ? scanFailure : ScanFailure.TEMPFAIL;
        subjectTag = subjectTag != null ? subjectTag : "[Mamori: {category}]";
        if (subjectTag.indexOf('\r') >= 0 || subjectTag.indexOf('\n') >= 0 || subjectTag.length() > 100) {
            throw new IllegalArgumentException("subjectTag must be one line of at most 100 characters");
        }
    }

    public static ScanPolicy defaults() {
        return new ScanPolicy(null, null, null, null, null, null, null, null, null);
    }

    public PolicyAction actionFor(PolicyCategory c) {
        return switch (c) {
            case VIRUS -> virus;
            case BLOCKED_ATTACHMENT -> blockedAttachment;
            case SUSPICIOUS -> suspicious;
            case MALICIOUS_URL -> maliciousUrl;
            case UNSCANNABLE -> unscannable;
            case ENCRYPTED -> encrypted;
            case MALFORMED -> malformed;
        };
    }
}
