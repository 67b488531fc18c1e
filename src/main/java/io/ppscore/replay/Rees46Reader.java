package io.ppscore.replay;

import java.io.InputStream;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the REES46 "eCommerce behavior data from multi category store" CSV ({@code event_time,event_type,
 * product_id,category_id,category_code,brand,price,user_id,user_session}), one event per row:
 *
 * <ul>
 *   <li>{@code view} becomes a {@code ClickEvent} VIEW, {@code cart} a {@code CartEvent} ADD of one unit,
 *       {@code remove_from_cart} (found in REES46's sister datasets) a {@code CartEvent} REMOVE of one unit,
 *       and {@code purchase} a PLACED {@code OrderEvent} with one line of one unit.
 *   <li>{@code event_id} is {@code rees46:<line number>} (the header is line 1); a purchase's
 *       {@code order_id} is {@code rees46:<user_session>:<product_id>:<epoch seconds>}.
 *   <li>{@code category} is the {@code category_code} ({@code electronics.smartphone}) or null.
 *   <li>REES46 has no product titles. The title is a text derived from the row so the text encoder has
 *       something to read: the brand followed by the words of the category code, for example
 *       {@code samsung electronics smartphone}; null when both are empty.
 *   <li>Prices are assumed to be USD (the dataset does not name its currency) and get scale 4.
 * </ul>
 *
 * <p>Rows of another event type, without a user id or malformed are counted in {@link ReplayStats}.
 */
public final class Rees46Reader implements DatasetReader {

  /** The currency every event read gets (assumed: the dataset names none). */
  public static final String CURRENCY = Rees46Mapper.CURRENCY;

  @Override
  public Stream<ReplayEvent> events(InputStream in, ReplayStats stats) {
    Objects.requireNonNull(stats, "stats");
    return CsvEventIterator.stream(in, new Rees46Mapper(stats), stats);
  }
}
