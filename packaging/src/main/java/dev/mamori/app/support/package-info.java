/** {@code mamori support bundle}: a redacted debug bundle for support requests. */
package dev.mamori.app.support;
