/** Organizations (the tenants) and the API keys their producers authenticate with. */
@NullMarked
package dev.attest.core.org;

import org.jspecify.annotations.NullMarked;
