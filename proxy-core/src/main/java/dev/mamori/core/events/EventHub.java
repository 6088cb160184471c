package dev.mamori.core.events;

import dev.mamori.core.runtime.NamedThreads;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The live event feed. {@link #publish} never blocks (it may be called on a Netty event loop or a scan thread): events
 * go to a bounded queue that one dispatcher thread hands to every subscriber in order. A full queue drops the event,
 * counts it and logs the first drop of a burst; the durable record is the event store, not this feed.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(EventHub.class);

    private final BlockingQueue<MamoriEvent> queue;
    private final List<Consumer<? super MamoriEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean closed;

    public EventHub() {
        this(4096);
    }

    public EventHub(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dispatcher = NamedThreads.factory("mamori-events").newThread(this::dispatch);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Queues an event for every subscriber; false (and counted) when the queue is full or the hub closed. */
    public boolean publish(MamoriEvent event) {
        if (closed || !queue.offer(event)) {
            if (dropped.getAndIncrement() == 0 || !closed) {
                LOG.debug("Event feed full or closed: dropped {}", event.getClass().getSimpleName());
            }
            return false;
        }
        return true;
    }

    /** Adds a subscriber; the returned handle removes it. Subscribers run on the dispatcher thread and must be quick. */
    public AutoCloseable subscribe(Consumer<? super MamoriEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public long droppedEvents() {
        return dropped.get();
    }

    private void dispatch() {
        while (!closed || !queue.isEmpty()) {
            MamoriEvent event;
            try {
                event = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            for (Consumer<? super MamoriEvent> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("Event subscriber failed on {}: {}", event.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** Delivers what is queued (for up to two seconds), then stops the dispatcher. */
    @Override
    public void close() {
        closed = true;
        try {
            dispatcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.interrupt();
    }
}
