package dev.mamori.core.component.update;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to a file and stops (cancelling the exchange) as soon as it passes {@code limit} bytes, so
 * a source that sends more than it announced cannot fill the disk. Completes with the number of bytes written.
 */
final class LimitedFileSubscriber implements HttpResponse.BodySubscriber<Long> {
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final Path target;
    private final long limit;
    private FileChannel channel;
    private Flow.Subscription subscription;
    private long written;

    LimitedFileSubscriber(Path target, long limit) {
        this.target = target;
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            s.cancel();
            result.completeExceptionally(e);
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer b : buffers) {
                written += b.remaining();
                if (written > limit) {
                    throw new TooLargeException(limit);
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            subscription.request(1);
        } catch (IOException e) {
            subscription.cancel();
            close();
            result.completeExceptionally(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        close();
        result.complete(written);
    }

    private void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the result reports the failure that matters
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }
}
