package dev.mamori.core.admin.server;

import dev.mamori.core.admin.AdminProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber that does not read is dropped with a reason; offering never blocks. */
class AdminConnectionTest {
    @Test
    void aFullOutputQueueEndsTheSubscriptionsWithANotice() {
        AdminConnection connection = new AdminConnection(null); // not started: nothing drains its queue
        assertThat(connection.subscribe(List.of(AdminProtocol.TOPIC_EVENTS, AdminProtocol.TOPIC_STATS)))
                .containsExactly("events", "stats");
        for (int i = 0; i < AdminProtocol.OUTPUT_QUEUE_LINES; i++) {
            connection.offerEvent(AdminProtocol.TOPIC_EVENTS, "{\"event\":\"detection\",\"n\":" + i + "}");
        }
        assertThat(connection.wants(AdminProtocol.TOPIC_EVENTS)).isTrue();
        assertThat(connection.pendingNotice()).isNull();

        connection.offerEvent(AdminProtocol.TOPIC_STATS, "{\"event\":\"stats\"}");
        assertThat(connection.wants(AdminProtocol.TOPIC_EVENTS)).isFalse();
        assertThat(connection.wants(AdminProtocol.TOPIC_STATS)).isFalse();
        assertThat(connection.pendingNotice()).contains("\"event\":\"dropped\"").contains("did not keep up")
                .contains("\"topics\":[\"events\",\"stats\"]");
        // later events are not even queued
        connection.offerEvent(AdminProtocol.TOPIC_EVENTS, "{}");
    }
}
