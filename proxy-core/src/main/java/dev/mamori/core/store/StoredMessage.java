package dev.mamori.core.store;

/** A tracked message as stored, with its row id and its detections. */
public record StoredMessage(long rowId, MessageEvent message) {
}
