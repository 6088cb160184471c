package dev.mamori.app.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class RedactedThrowableTest {
    @Test
    void exceptionsWithNothingToMaskAreKept() {
        IOException e = new IOException("Connection reset", new IllegalStateException("closed"));
        assertThat(RedactedThrowable.of(e)).isSameAs(e);
        assertThat(RedactedThrowable.of(null)).isNull();
    }

    @Test
    void maskedCopyKeepsClassNamesStackTracesAndCauses() {
        IOException original = new IOException("outer", new IllegalArgumentException("bad line PASS hunter2"));
        original.addSuppressed(new RuntimeException("password=hunter2"));

        Throwable copy = RedactedThrowable.of(original);

        assertThat(copy).isNotSameAs(original).hasToString("java.io.IOException: outer");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getCause()).hasToString("java.lang.IllegalArgumentException: bad line PASS ******");
        assertThat(copy.getSuppressed()).singleElement().hasToString("java.lang.RuntimeException: password=******");
        StringWriter printed = new StringWriter();
        copy.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("hunter2").contains("Caused by: java.lang.IllegalArgumentException");
    }

    @Test
    void causeCyclesDoNotLoop() {
        RuntimeException a = new RuntimeException("PASS hunter2");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        Throwable copy = RedactedThrowable.of(a);

        int depth = 0;
        for (Throwable t = copy; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain("hunter2");
            depth++;
        }
        assertThat(depth).isLessThanOrEqualTo(34);
    }
}
