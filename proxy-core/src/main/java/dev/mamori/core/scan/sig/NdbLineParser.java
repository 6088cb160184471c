package dev.mamori.core.scan.sig;

import java.util.regex.Pattern;

/**
 * Parses one {@code .ndb} line: {@code name:target:offset:hexsig[:minfl[:maxfl]]}. The functionality levels are
 * validated and ignored (Mamori is not a ClamAV engine version). Offsets relative to the end of file, the PE entry
 * point or sections, and targets Mamori cannot detect, are valid ClamAV but unsupported: see
 * {@link InvalidSignatureException#unsupported()}.
 */
final class NdbLineParser {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern RELATIVE_OFFSET = Pattern.compile("(EOF|EP|SL|SE|S\\d+)[+-]\\d+(,\\d+)?|SE\\d+|VI");

    private NdbLineParser() {
    }

    static BodySignature parse(String line) throws InvalidSignatureException {
        String[] fields = line.split(":", -1);
        if (fields.length < 4 || fields.length > 6) {
            throw InvalidSignatureException.malformed("expected name:target:offset:hexsig[:minfl[:maxfl]], found "
                    + fields.length + " fields");
        }
        String name = SignatureNames.check(fields[0]);
        SignatureTarget target = target(fields[1]);
        OffsetRange offset = offset(fields[2]);
        BodyPattern pattern = HexPatternParser.parse(fields[3]);
        for (int i = 4; i < fields.length; i++) {
            if (!fields[i].isEmpty() && !DIGITS.matcher(fields[i]).matches()) {
                throw InvalidSignatureException.malformed("functionality level '" + fields[i] + "' is not a number");
            }
        }
        return new BodySignature(name, target, offset, pattern);
    }

    private static SignatureTarget target(String field) throws InvalidSignatureException {
        if (!DIGITS.matcher(field).matches() || field.length() > 3) {
            throw InvalidSignatureException.malformed("target type '" + field + "' is not a number");
        }
        int number = Integer.parseInt(field);
        return SignatureTarget.ofClamAvNumber(number).orElseThrow(() -> InvalidSignatureException.unsupported(
                "target type " + number + " is not supported"));
    }

    private static OffsetRange offset(String field) throws InvalidSignatureException {
        if (field.equals("*")) {
            return OffsetRange.ANYWHERE;
        }
        if (RELATIVE_OFFSET.matcher(field).matches()) {
            throw InvalidSignatureException.unsupported("offset '" + field + "' is not supported");
        }
        int comma = field.indexOf(',');
        String start = comma < 0 ? field : field.substring(0, comma);
        String shift = comma < 0 ? "0" : field.substring(comma + 1);
        if (!DIGITS.matcher(start).matches() || !DIGITS.matcher(shift).matches()) {
            throw InvalidSignatureException.malformed("offset '" + field + "' is not *, n, n,maxshift or a relative "
                    + "offset");
        }
        long min = Long.parseLong(start);
        return new OffsetRange(min, min + Long.parseLong(shift));
    }
}
