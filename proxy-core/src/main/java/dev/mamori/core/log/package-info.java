/**
 * Logging helpers shared by every module. Credentials never reach a log line: protocol code logs client lines
 * through {@link dev.mamori.core.log.Redaction#command(String)}, and the application's Log4j2 configuration masks
 * whatever slips through with {@link dev.mamori.core.log.Redaction#text(String)}.
 */
package dev.mamori.core.log;
