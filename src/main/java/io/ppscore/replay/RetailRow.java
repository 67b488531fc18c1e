package io.ppscore.replay;

import java.math.BigDecimal;

/** One parsed Online Retail II row; {@code customerId} and {@code title} may be null. */
record RetailRow(String invoice, String stockCode, String title, int quantity, long timeMs,
    BigDecimal unitPrice, String customerId, String country) {
}
