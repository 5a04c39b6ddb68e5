/**
 * Temperature scaling: makes the model's probabilities mean what they say.
 *
 * An L2-regularised model's confidence is shaped by λ, not by how often it is right; a "0.6" may be
 * right 80% of the time. Dividing every logit by one number T (fitted to minimise the negative log
 * likelihood of held-out predictions) fixes the scale without changing any ranking — predictions
 * and F1 stay exactly the same. The held-out logits come from cross-validation, never from rows the
 * scoring model was fitted on. T is found by golden-section search over ln T in [−3, 3].
 */
import { softmaxInPlace } from './softmax-regression.js';

/** Mean negative log likelihood of `labels` under softmax(logits / temperature). */
export function negativeLogLikelihood(logits: readonly Float64Array[], labels: readonly number[], temperature: number): number {
  let total = 0;
  logits.forEach((z, i) => {
    const p = softmaxInPlace(z.map((v) => v / temperature));
    total -= Math.log(Math.max(p[labels[i]!]!, 1e-300));
  });
  return total / logits.length;
}

/** The temperature that minimises held-out negative log likelihood. */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = -3;
  let high = 3;
  const loss = (lnT: number) => negativeLogLikelihood(logits, labels, Math.exp(lnT));
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  for (let step = 0; step < 60; step++) {
    if (lossA < lossB) {
      high = b;
      b = a;
      lossB = lossA;
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      low = a;
      a = b;
      lossA = lossB;
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  return Math.exp((low + high) / 2);
}
