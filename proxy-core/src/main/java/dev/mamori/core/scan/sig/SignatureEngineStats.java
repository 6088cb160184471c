package dev.mamori.core.scan.sig;

import java.util.List;

/**
 * What an engine loaded, what it skipped and what it costs, for logs and the admin channel.
 *
 * @param bodySignatures      body signatures in the engine, the built-in EICAR one included
 * @param md5Signatures       MD5 hash signatures
 * @param sha1Signatures      SHA-1 hash signatures
 * @param sha256Signatures    SHA-256 hash signatures
 * @param shortAnchored       body signatures whose best anchor has only 3 to 7 exact bytes (a per-position pass)
 * @param slowPath            body signatures with fewer than 3 exact bytes in a row anywhere in some part: every
 *                            position whose byte fits is verified, so each one costs throughput
 * @param skippedUnsupported  valid ClamAV signatures skipped because Mamori cannot honour a constraint (offset type,
 *                            target type); matching them without it would be wrong
 * @param skippedMalformed    lines that did not parse and were skipped (lenient loading only; 0 otherwise)
 * @param memoryBytes         estimated heap used by the compiled indexes and hash tables
 * @param warnings            the first few skip reasons, each naming source and line
 */
public record SignatureEngineStats(int bodySignatures, int md5Signatures, int sha1Signatures, int sha256Signatures,
                                   int shortAnchored, int slowPath, int skippedUnsupported, int skippedMalformed,
                                   long memoryBytes, List<String> warnings) {
    public SignatureEngineStats {
        warnings = List.copyOf(warnings);
    }

    public int hashSignatures() {
        return md5Signatures + sha1Signatures + sha256Signatures;
    }
}
