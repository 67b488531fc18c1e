package io.ppscore.training.eval;

import io.ppscore.features.FeatureVector;
import io.ppscore.training.HorizonModel;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SnapshotRow;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.baselines.BgNbdModel;
import io.ppscore.training.baselines.ClvBaseline;
import io.ppscore.training.baselines.CustomerHistory;
import io.ppscore.training.baselines.GammaGammaModel;
import io.ppscore.training.baselines.LastPeriodSpend;
import io.ppscore.training.baselines.RfmBaseline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Scores every user of a back-test snapshot with the model, its no-text ablation and the classic
 * baselines, each fitted only on what was known at the cut-off. BG/NBD + Gamma-Gamma has no value on users
 * none of whom bought twice with positive spend, when its fitted mean spend is infinite, or when BG/NBD's
 * expected purchases cannot be computed for a user (see {@link BgNbdModel#expectedPurchases}): it is then
 * {@linkplain ModelScores#undefined undefined}, with the reason, and the other models are scored as usual.
 */
public final class BacktestScoring {

  public static final String MODEL = "ppscore";
  public static final String ABLATION = "ppscore without text";
  public static final String BG_NBD = "BG/NBD + Gamma-Gamma";
  public static final String LAST_PERIOD = "spend in last H days";
  public static final String RFM = "RFM quintile score";

  private BacktestScoring() {
  }

  /** The scores of all five models over horizon {@code days}, in a fixed order (model first). */
  public static List<ModelScores> score(Snapshot snapshot, int days, TrainedSpendModel model, TrainedSpendModel ablation) {
    List<SnapshotRow> rows = snapshot.rows();
    int n = rows.size();
    List<CustomerHistory> histories = new ArrayList<>(n);
    List<List<CustomerHistory.Purchase>> purchases = new ArrayList<>(n);
    for (SnapshotRow row : rows) {
      List<CustomerHistory.Purchase> p = row.orders().stream()
          .map(o -> new CustomerHistory.Purchase(Instant.ofEpochMilli(o.timeMs()), o.grossValue())).toList();
      purchases.add(p);
      histories.add(CustomerHistory.at(snapshot.cutoff(), p).orElseThrow());
    }
    RfmBaseline rfm = RfmBaseline.fit(histories);
    double[] last = new double[n];
    double[] rfmScore = new double[n];
    for (int i = 0; i < n; i++) {
      last[i] = LastPeriodSpend.predict(purchases.get(i), snapshot.cutoff(), Duration.ofDays(days));
      rfmScore[i] = rfm.score(histories.get(i)).sum();
    }
    return List.of(modelScores(MODEL, rows, model, days), modelScores(ABLATION, rows, ablation, days),
        clvScores(histories, days), ModelScores.spend(LAST_PERIOD, last, last), ModelScores.rankOnly(RFM, rfmScore));
  }

  /**
   * BG/NBD + Gamma-Gamma fitted on {@code histories}, or that baseline without a value (and the reason) when
   * Gamma-Gamma cannot be fitted: no customer has a repeat purchase of positive spend.
   */
  static ModelScores clvScores(List<CustomerHistory> histories, int days) {
    GammaGammaModel spend;
    try {
      spend = GammaGammaModel.fit(histories);
    } catch (IllegalArgumentException e) {
      return ModelScores.undefined(BG_NBD, "Gamma-Gamma cannot be fitted: " + e.getMessage());
    }
    return clvScores(new ClvBaseline(BgNbdModel.fit(histories), spend), histories, days);
  }

  /**
   * The scores of a fitted {@code clv}, or that baseline without a value (and the reason) when Gamma-Gamma's
   * mean spend is infinite for a customer ({@code q <= 1}) or BG/NBD's expected purchases cannot be computed
   * for one (its series overflows, does not converge or loses its precision to cancellation, an
   * {@link ArithmeticException}) or come out infinite, NaN or negative: one missing prediction leaves no
   * ranking. Other exceptions (a bad horizon) are bugs and propagate.
   */
  static ModelScores clvScores(ClvBaseline clv, List<CustomerHistory> histories, int days) {
    return clvScores(clv, customer -> clv.purchases().expectedPurchases(customer, days), histories, days);
  }

  /** {@link #clvScores(ClvBaseline, List, int)} with BG/NBD's expected purchases given by {@code expectedPurchases}. */
  static ModelScores clvScores(ClvBaseline clv, ToDoubleFunction<CustomerHistory> expectedPurchases,
      List<CustomerHistory> histories, int days) {
    double[] spend = new double[histories.size()];
    double[] probability = new double[histories.size()];
    try {
      for (int i = 0; i < histories.size(); i++) {
        CustomerHistory customer = histories.get(i);
        double purchases = expectedPurchases.applyAsDouble(customer);
        if (!(purchases >= 0 && purchases < Double.POSITIVE_INFINITY)) {
          return ModelScores.undefined(BG_NBD, "BG/NBD expected purchases cannot be computed: " + purchases
              + " for " + customer);
        }
        spend[i] = purchases * clv.spend().expectedAverageValue(customer); // as ClvBaseline.predictedSpend
        probability[i] = clv.probabilityOfPurchase(customer, days);
      }
    } catch (IllegalStateException e) {
      return ModelScores.undefined(BG_NBD, e.getMessage());
    } catch (ArithmeticException e) {
      return ModelScores.undefined(BG_NBD, "BG/NBD expected purchases cannot be computed: " + e.getMessage());
    }
    return ModelScores.spend(BG_NBD, spend, probability);
  }

  private static ModelScores modelScores(String name, List<SnapshotRow> rows, TrainedSpendModel model, int days) {
    HorizonModel h = model.horizon(days);
    double[] spend = new double[rows.size()];
    double[] probability = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      SnapshotRow r = rows.get(i);
      float[] x = FeatureVector.assemble(model.spec(), r.numeric(), r.boughtText(), r.browsedText());
      spend[i] = h.expectedSpend(x);
      probability[i] = h.probability(x);
    }
    return ModelScores.spend(name, spend, probability);
  }

  /** Actual gross spend of every user over horizon {@code days}. */
  public static double[] actual(Snapshot snapshot, int days) {
    int h = snapshot.horizonIndex(days);
    return snapshot.rows().stream().mapToDouble(r -> r.labels()[h]).toArray();
  }
}
