package dev.attest.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a vendor's customer may see of the organization's log through a portal link or a viewer token, and who they
 * are (the vendor vouches for it; the events of their session name them as actor type {@code viewer}). Every
 * restriction is optional: without any, the viewer sees the whole log and may not export. Immutable; build with
 * {@link #builder()}.
 */
public final class ViewerRequest {
    private final Map<String, Object> body;

    private ViewerRequest(Map<String, Object> body) {
        this.body = Map.copyOf(body);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request's JSON object. */
    Map<String, Object> body() {
        return body;
    }

    /** Builds a {@link ViewerRequest}; each setter replaces what was set before. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();

        private Builder() {}

        /** Who the viewer is: the vendor's id of the person (required), and their email and name if known. */
        public Builder viewer(String id, @Nullable String email, @Nullable String name) {
            var viewer = new LinkedHashMap<String, Object>();
            viewer.put("id", Objects.requireNonNull(id, "id"));
            if (email != null) {
                viewer.put("email", email);
            }
            if (name != null) {
                viewer.put("name", name);
            }
            body.put("viewer", viewer);
            return this;
        }

        /** Only the events of these workspaces. */
        public Builder workspaces(List<String> values) {
            body.put("workspaces", new ArrayList<>(values));
            return this;
        }

        /** Only the events of these actions (not with {@link #categories}). */
        public Builder actions(List<String> values) {
            body.put("actions", new ArrayList<>(values));
            return this;
        }

        /** Only the events of these categories, e.g. {@code auth} (not with {@link #actions}). */
        public Builder categories(List<String> values) {
            body.put("categories", new ArrayList<>(values));
            return this;
        }

        /** Only events that occurred at or after {@code value}. */
        public Builder since(Instant value) {
            body.put("since", value.toString());
            return this;
        }

        /** Only events that occurred before {@code value}. */
        public Builder until(Instant value) {
            body.put("until", value.toString());
            return this;
        }

        /** Whether the viewer may export what they see (CSV, JSON Lines); false unless set. */
        public Builder exportAllowed(boolean value) {
            body.put("export_allowed", value);
            return this;
        }

        /** A viewer token's lifetime (whole seconds, at most an hour); 15 minutes unless set; ignored for links. */
        public Builder expiresIn(Duration value) {
            body.put("expires_in", value.toSeconds());
            return this;
        }

        public ViewerRequest build() {
            return new ViewerRequest(body);
        }
    }
}
