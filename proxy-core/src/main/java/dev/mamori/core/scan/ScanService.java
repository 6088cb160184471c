package dev.mamori.core.scan;

import java.util.concurrent.CompletionStage;

/**
 * The scanning hook the proxies call with each spooled message. Implementations do their work off the caller's
 * thread (never on a Netty event loop) and always complete the stage: a failure becomes {@link Verdict.ScanError}.
 */
public interface ScanService extends AutoCloseable {
    CompletionStage<Verdict> scan(MessageSource message, ScanContext context);

    /**
     * Scans a message that is still arriving. This default waits until it is complete and then scans it; an
     * implementation may start reading it at once. The stage completes exceptionally when the message does not
     * arrive (the caller has already given up on it then), otherwise like {@link #scan}.
     */
    default CompletionStage<Verdict> scanArriving(ArrivingMessage message, ScanContext context) {
        return message.complete().thenCompose(m -> scan(m, context));
    }

    @Override
    default void close() {
    }
}
