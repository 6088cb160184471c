package dev.mamori.core.scan.sig;

/**
 * One {@code .hdb}/{@code .hsb} line.
 *
 * @param size the item size the hash applies to, or {@link #ANY_SIZE} for {@code *}
 */
record HashSignature(HashAlgorithm algorithm, byte[] digest, long size, String name) {
    static final long ANY_SIZE = -1;
}
