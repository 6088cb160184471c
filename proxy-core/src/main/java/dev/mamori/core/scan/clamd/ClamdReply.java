package dev.mamori.core.scan.clamd;

/** One reply of clamd to INSTREAM, parsed; its text {@link ClamdText#clean cleaned}. */
sealed interface ClamdReply {
    /** {@code stream: OK} */
    record Clean() implements ClamdReply {
    }

    /** {@code stream: Eicar-Test-Signature.UNOFFICIAL FOUND}: {@code name} as clamd gave it. */
    record Found(String name) implements ClamdReply {
    }

    /** {@code INSTREAM size limit exceeded. ERROR}: clamd's {@code StreamMaxLength} is below the item's size. */
    record SizeLimitExceeded() implements ClamdReply {
    }

    /** Any other {@code ... ERROR}, or a reply this client does not understand. */
    record Error(String message) implements ClamdReply {
    }

    /** Parses one reply, without its NUL (or newline) terminator. */
    static ClamdReply parse(String reply) {
        String text = ClamdText.clean(reply.strip());
        if (text.equals("INSTREAM size limit exceeded. ERROR")) {
            return new SizeLimitExceeded();
        }
        if (text.endsWith(" ERROR")) {
            return new Error(text.substring(0, text.length() - " ERROR".length()));
        }
        String prefix = "stream: ";
        if (text.startsWith(prefix)) {
            String rest = text.substring(prefix.length());
            if (rest.equals("OK")) {
                return new Clean();
            }
            if (rest.endsWith(" FOUND")) {
                String name = rest.substring(0, rest.length() - " FOUND".length()).strip();
                if (!name.isEmpty()) {
                    return new Found(name);
                }
            }
        }
        return new Error("unexpected reply '" + text + "'");
    }
}
