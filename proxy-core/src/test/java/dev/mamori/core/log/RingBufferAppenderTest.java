package dev.mamori.core.log;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RingBufferAppenderTest {
    @Test
    // error(): without a configuration file (proxy-core's tests) Log4j's default root level is ERROR
    void theLoggingThreadOnlyQueuesTheLineAndTheTailGetsItRedactedFromItsOwnThread() throws Exception {
        LogBuffer buffer = new LogBuffer(100);
        List<String> listenerThreads = new CopyOnWriteArrayList<>();
        buffer.subscribe(lines -> {
            if (lines.stream().anyMatch(l -> l.message().startsWith("ring check"))) {
                listenerThreads.add(Thread.currentThread().getName());
            }
        });
        try (AutoCloseable ignored = RingBufferAppender.install(buffer)) {
            LogManager.getLogger("dev.mamori.test.Ring").error("ring check {} sent PASS hunter2", "alice");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (listenerThreads.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        LogLine line = buffer.snapshot().stream().filter(l -> l.message().startsWith("ring check")).findFirst()
                .orElseThrow();
        assertThat(line.message()).isEqualTo("ring check alice sent PASS ******");
        assertThat(line.level()).isEqualTo(LogLine.Level.ERROR);
        assertThat(line.logger()).isEqualTo("Ring");
        assertThat(line.thread()).isEqualTo(Thread.currentThread().getName());
        assertThat(listenerThreads).containsExactly("mamori-log-tail");
    }
}
