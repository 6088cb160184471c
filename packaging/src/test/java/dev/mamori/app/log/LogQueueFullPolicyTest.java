package dev.mamori.app.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicyFactory;
import org.apache.logging.log4j.core.async.EventRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The shipped log configuration's behaviour when its asynchronous queue is full. */
class LogQueueFullPolicyTest {
    private static final Path LOG_CONFIG = Path.of("src", "main", "dist", "conf", "log4j2.xml");

    @TempDir
    Path logDir;
    private final PrintStream originalOut = System.out;
    private LoggerContext context;

    @AfterEach
    void restore() {
        if (context != null) {
            context.stop();
        }
        System.setOut(originalOut);
        System.clearProperty("mamori.logDir");
        System.clearProperty("mamori.logQueueSize");
    }

    @Test
    void theDistributionSelectsThisPolicy() {
        // log4j2.component.properties on the class path names it
        assertThat(AsyncQueueFullPolicyFactory.create()).isInstanceOf(LogQueueFullPolicy.class);
    }

    @Test
    void routes() {
        LogQueueFullPolicy policy = new LogQueueFullPolicy();
        long other = Thread.currentThread().threadId() + 1;
        assertThat(policy.getRoute(other, Level.INFO)).isEqualTo(EventRoute.DISCARD);
        assertThat(policy.getRoute(other, Level.DEBUG)).isEqualTo(EventRoute.DISCARD);
        assertThat(policy.getRoute(other, Level.WARN)).isEqualTo(EventRoute.SYNCHRONOUS);
        assertThat(policy.getRoute(other, Level.ERROR)).isEqualTo(EventRoute.SYNCHRONOUS);
        assertThat(policy.getRoute(other, Level.FATAL)).isEqualTo(EventRoute.SYNCHRONOUS);
        // the background thread itself never waits for its own queue
        assertThat(policy.getRoute(Thread.currentThread().threadId(), Level.INFO)).isEqualTo(EventRoute.SYNCHRONOUS);
    }

    /**
     * The console output is stuck (as a full pipe would be): the background thread blocks in its first write and the
     * queue (4 events here) fills. Further INFO lines are dropped without waiting; an ERROR is still written.
     */
    @Test
    void aFullQueueNeverMakesTheCallerWaitAndNeverLosesAnError() throws Exception {
        StuckStream stuck = new StuckStream();
        System.setOut(new PrintStream(stuck, true, StandardCharsets.UTF_8));
        System.setProperty("mamori.logDir", logDir.toString());
        System.setProperty("mamori.logQueueSize", "4");
        context = new LoggerContext("queue-full-test", null, LOG_CONFIG.toUri());
        context.start();
        Logger log = context.getLogger("dev.mamori.smtp.session");
        long discardedBefore = LogQueueFullPolicy.discarded();

        log.info("line 0");
        assertThat(stuck.entered.await(60, TimeUnit.SECONDS)).as("background thread writing").isTrue();
        // the generous limit only catches a hang: a caller that waited for the queue would never finish
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 1; i <= 100; i++) {
                log.info("line {}", i);
            }
        });
        assertThat(LogQueueFullPolicy.discarded() - discardedBefore).isGreaterThanOrEqualTo(100 - 4 - 1);

        Thread error = new Thread(() -> log.error("an error that must not be lost"));
        error.start();
        stuck.release.countDown();
        error.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(error.isAlive()).isFalse();
        context.stop();
        context = null;

        String file = Files.readString(logDir.resolve("mamori.log"));
        assertThat(file).contains("line 0", "an error that must not be lost");
        long infoLines = file.lines().filter(l -> l.contains(" INFO ")).count();
        assertThat(infoLines).isLessThan(101).isGreaterThanOrEqualTo(1);
    }

    /** An output stream whose first write blocks until released. */
    private static final class StuckStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                sink.write(b, off, len);
            }
        }
    }
}
