package io.ppscore.replay;

/** A value that was kept but changed to fit the event schemas; counted so nothing changes silently. */
public enum Adjustment {
  /** A price with more than 4 decimals, rounded half-even to the schemas' scale of 4. */
  PRICE_ROUNDED("price rounded to 4 decimals"),
  /** A customer id written as a decimal ({@code 13085.0}), written as an integer ({@code 13085}). */
  USER_ID_NORMALISED("customer id 13085.0 -> 13085");

  private final String description;

  Adjustment(String description) {
    this.description = description;
  }

  /** A short human description, for the summary table. */
  public String description() {
    return description;
  }
}
