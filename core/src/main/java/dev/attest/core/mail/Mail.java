package dev.attest.core.mail;

/**
 * One plain-text message to one person. It may carry a secret link (an invitation or a reset): never log its text.
 *
 * @param to the recipient's address
 * @param subject one line
 * @param text the body, plain text, lines separated by {@code \n}
 */
public record Mail(String to, String subject, String text) {
    @Override
    public String toString() {
        // The text may hold a single-use link.
        return "Mail[to=" + to + ", subject=" + subject + "]";
    }
}
