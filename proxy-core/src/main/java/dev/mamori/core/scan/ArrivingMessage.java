package dev.mamori.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;

/**
 * A message that is still arriving from its sender (a POP3 server's RETR answer, an SMTP client's DATA) while it is
 * being spooled: the scanner can read it as it comes, so the verdict is ready soon after the last byte.
 */
public interface ArrivingMessage {
    /**
     * A stream over the content (transfer encoding of the protocol removed) as it arrives. A read blocks until more
     * bytes are there, returns the end once the message is complete, and throws an {@link IOException} when the
     * message will not be complete (the sender went away, a size limit, the client left). For one reader, on a thread
     * that may block: never an event loop. Each call gives an independent reader from the first byte.
     */
    InputStream openArriving() throws IOException;

    /** The complete message; valid once a stream from {@link #openArriving()} has reached its end. */
    MessageSource arrived();

    /** Completes with the message once it has arrived and is stored; exceptionally when it will not arrive. */
    CompletionStage<? extends MessageSource> complete();
}
