/**
 * Reading and writing histories: a strict EDN reader and writer ({@link
 * dev.crucible.check.format.EdnReader}, {@link dev.crucible.check.format.EdnWriter}), Jepsen/Knossos
 * EDN histories, JSON lines histories (DESIGN.md), Porcupine's etcd logs and kv histories, and
 * {@link dev.crucible.check.format.Formats} to pick one by name or by content. Every reader fails
 * with a {@code HistoryFormatException} naming the file and line.
 */
package dev.crucible.check.format;
