/**
 * What every layer of the broker may use and nothing in it depends on: the log-line writer and the
 * durable replacement of small files.
 */
package dev.crucible.broker.common;
