package dev.attest.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** The "Your password" page ({@code /account/password}) as a person fills it in; the journeys check what it answers. */
final class OwnPasswordForm {
    private OwnPasswordForm() {}

    /** Types {@code current}, then {@code next} twice, on the page {@code page} shows, and sends the form. */
    static void send(Page page, String current, String next) {
        page.getByLabel("Current password").fill(current);
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill(next);
        page.getByLabel("New password again").fill(next);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions()
                                .setName("Change your password")
                                .setExact(true))
                .click();
    }
}
