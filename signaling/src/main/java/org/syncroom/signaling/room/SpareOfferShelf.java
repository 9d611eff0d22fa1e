package org.syncroom.signaling.room;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import org.syncroom.signaling.protocol.SpareOffer;

/**
 * The spare offers one feeding page last said it holds ({@code spare-offers}), to be handed out
 * one per listener placed under it. A page's list replaces the one before; offers already handed
 * out are never handed again, even when a list the page sent before it heard of the hand-out
 * still names them (the page then sees a {@code feed} for an offer it no longer holds, and makes
 * a fresh one: slower, never wrong).
 */
final class SpareOfferShelf {
    /** Ids of handed-out offers remembered per page: far more than can be in flight at once. */
    static final int HANDED_REMEMBERED = 64;
    private final Deque<SpareOffer> ready = new ArrayDeque<>();
    private final LinkedHashSet<String> handed = new LinkedHashSet<>();

    /** Replaces the shelf with what the page holds now, less what was handed out already. */
    void restock(List<SpareOffer> offers) {
        ready.clear();
        for (SpareOffer offer : offers) {
            if (!handed.contains(offer.id()) && ready.stream().noneMatch(o -> o.id().equals(offer.id()))) {
                ready.add(offer);
            }
        }
    }

    /** The next offer, now handed out; null when the shelf is empty. */
    SpareOffer take() {
        SpareOffer offer = ready.poll();
        if (offer != null) {
            handed.add(offer.id());
            if (handed.size() > HANDED_REMEMBERED) {
                handed.remove(handed.iterator().next());
            }
        }
        return offer;
    }

    int size() {
        return ready.size();
    }
}
