package dev.attest.storage.testkit;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Random events that reach the corners of RFC 8785: strings with control characters, quotes, backslashes, two-, three-
 * and four-byte UTF-8 (surrogate pairs; no U+0000, which PostgreSQL's text and jsonb cannot hold), member names that sort differently by code unit than by code point, numbers at
 * the edges of the double and of ±2^53, nested objects and arrays, optional members present or absent. Seeded, so a
 * failure can be replayed.
 */
public final class RandomEvents {
    private static final String[] PIECES = {
        "a",
        "Z",
        "0",
        " ",
        "\"",
        "\\",
        "/",
        "\n",
        "\t",
        "\r",
        "\b",
        "\f",
        "\u0001",
        "\u001f",
        "\u007f",
        "é",
        "ß",
        "\u00ff",
        "\u0100",
        "\u2028",
        "\u202e",
        "\u4e2d",
        "\uffff",
        "\ufeff",
        "\ud83d\ude00",
        "\ud800\udc00",
        "\udbff\udfff",
        "login",
        "ada@acme.test",
        "€"
    };
    private static final double[] DOUBLES = {
        0.5,
        -0.0,
        1e21,
        1e-7,
        1.5e-7,
        9.007199254740994e15,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        0.1,
        1.0 / 3,
        123456789.125,
        4.35,
        2 * Double.MIN_VALUE,
        1e300,
        Math.nextUp(333333333.3333333)
    };
    private static final List<ActorType> ACTOR_TYPES = List.of(ActorType.values());
    private static final long MAX_SAFE = (1L << 53) - 1;

    private final Random random;
    private int next;

    public RandomEvents(long seed) {
        this.random = new Random(seed);
    }

    /** A new event with a unique id, occurring near {@code around}. */
    public NewEvent next(Instant around) {
        next++;
        String id = "evt_rnd_" + next + "_" + random.nextInt(1_000_000);
        return new NewEvent(
                new EventId(id),
                random.nextBoolean() ? "user.roleChange" : "custom" + random.nextInt(5) + ".did" + random.nextInt(3),
                around.plusNanos(1_000L * random.nextInt(1_000_000_000)),
                new Actor(ACTOR_TYPES.get(random.nextInt(ACTOR_TYPES.size())), maybe(), maybe(), maybe(), maybe()),
                random.nextInt(4) == 0 ? null : new Target("t" + text(2), maybe(), maybe()),
                random.nextBoolean() ? Outcome.SUCCESS : Outcome.FAILURE,
                random.nextInt(3) == 0 ? "default" : "ws-" + text(4),
                random.nextInt(3) == 0 ? RequestContext.NONE : new RequestContext(maybe(), maybe(), maybe()),
                object(0));
    }

    /** A log position: small, large, or at the edge of 2^53. */
    public long seq() {
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(10);
            case 1 -> 1 + random.nextInt(Integer.MAX_VALUE);
            case 2 -> 1L << 53;
            default -> 1 + (random.nextLong() & MAX_SAFE);
        };
    }

    /** An instant at millisecond or microsecond precision, as stored. */
    public Instant receivedAt(Instant around) {
        long micros = random.nextInt(2_000_000_000);
        Instant at = around.plusNanos(micros * 1_000);
        return random.nextBoolean() ? at : at.minusNanos(at.getNano() % 1_000_000);
    }

    private @Nullable String maybe() {
        return random.nextInt(3) == 0 ? null : text(1 + random.nextInt(8));
    }

    private String text(int pieces) {
        var text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private Map<String, @Nullable Object> object(int depth) {
        var map = new LinkedHashMap<String, @Nullable Object>();
        int members = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < members; i++) {
            map.put(text(1 + random.nextInt(3)), value(depth + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    private @Nullable Object value(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> text(random.nextInt(6));
            case 3 -> random.nextBoolean() ? random.nextLong() % MAX_SAFE : (long) random.nextInt(1000) - 500;
            case 4 -> DOUBLES[random.nextInt(DOUBLES.length)];
            case 5 -> finiteDouble();
            case 6 -> object(depth);
            default -> {
                var list = new ArrayList<@Nullable Object>();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    list.add(value(depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
        };
    }

    /** Any finite double with a fraction, from random bits: every exponent, every mantissa. */
    private double finiteDouble() {
        while (true) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value) && value != Math.rint(value)) {
                return value;
            }
        }
    }
}
