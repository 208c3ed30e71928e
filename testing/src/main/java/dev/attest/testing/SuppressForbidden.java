package dev.attest.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets forbidden-apis accept what the annotated type uses; {@code reason} says why. Only for test support, e.g. the
 * JDK's own HTTP server ({@code com.sun.net.httpserver}, a supported, exported module that the "non-portable"
 * signatures list by its package name).
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface SuppressForbidden {
    /** Why the use is fine. */
    String reason();
}
