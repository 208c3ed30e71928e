/** Browser journeys through the console: sign in, read, filter, open, page, export — as a person does. */
@NullMarked
package dev.attest.e2e;

import org.jspecify.annotations.NullMarked;
