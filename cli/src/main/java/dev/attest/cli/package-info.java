/**
 * The {@code attest} command line: one picocli {@code *Command} per subcommand. Commands parse options and call the
 * modules; they hold no domain logic of their own.
 */
@NullMarked
package dev.attest.cli;

import org.jspecify.annotations.NullMarked;
