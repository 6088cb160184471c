package dev.mamori.core.scan.sig;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian multi-byte reads from byte arrays; the JIT compiles these to single loads. */
final class ByteArrays {
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteArrays() {
    }

    /** The unsigned little-endian 16-bit value at {@code at}. */
    static int shortAt(byte[] b, int at) {
        return (short) SHORT.get(b, at) & 0xFFFF;
    }

    static int intAt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    static long longAt(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }
}
