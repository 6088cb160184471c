package dev.mamori.ui.viewmodel;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The reason of a failed backend call in words an operator can act on. */
public final class Failures {
    private Failures() {
    }

    public static String reason(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
