package dev.mamori.core.scan;

import java.util.concurrent.CompletionStage;

/**
 * The scanning hook the proxies call with each spooled message. Implementations do their work off the caller's
 * thread (never on a Netty event loop) and always complete the stage: a failure becomes {@link Verdict.ScanError}.
 */
public interface ScanService extends AutoCloseable {
    CompletionStage<Verdict> scan(MessageSource message, ScanContext context);

    @Override
    default void close() {
    }
}
