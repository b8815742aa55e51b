/**
 * The {@code crucible} command line: argument parsing only. Each subcommand turns its options into a
 * call to one module's public API; the logic lives in the modules, never here.
 */
package dev.crucible.cli;
