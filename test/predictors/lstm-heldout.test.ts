import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lstm, max, reactive, type Predictor } from '../../src/predictors/index.js';

/**
 * 4 hours of the Twitter trace the LSTM never saw: raw trace index 1,500,000-1,514,399 (day 17.4;
 * training used raw indices 0-1,234,931), damped int(raw / 8) as IPA does. Made with
 * `{ echo rps; awk 'NR>=1500002 && NR<1514402 {print int($1/8)}' twitter-2021-08-full-raw-rps.csv; }`.
 */
const series = readFileSync(new URL('./fixtures/twitter-heldout-1500000-4h.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map(Number);

/** Stated tolerance: the LSTM may be at most this much worse (relative) than the reactive baseline. */
const MARGIN = 0.1;

/** MAE and RMSE of a predictor deciding every 10 s on up to 600 s of history, target = max of the next 20 s. */
function score(p: Predictor): { mae: number; rmse: number } {
  let ae = 0;
  let se = 0;
  let n = 0;
  for (let t = 120; t + 20 <= series.length; t += 10) {
    const target = Math.max(...series.slice(t, t + 20));
    const d = p.predict(series.slice(Math.max(0, t - 600), t)) - target;
    ae += Math.abs(d);
    se += d * d;
    n++;
  }
  return { mae: ae / n, rmse: Math.sqrt(se / n) };
}

describe('lstm() on a held-out slice of the Twitter trace', () => {
  it(`lstm() error is no worse than reactive() by more than ${MARGIN * 100}%`, () => {
    expect(series.length).toBe(14_400);
    const l = score(lstm());
    const r = score(reactive());
    const m = score(max({ windowS: 120 }));
    const m10 = score(max({ windowS: 10 }));
    const f = (s: { mae: number; rmse: number }) => `${s.mae.toFixed(3)} / ${s.rmse.toFixed(3)}`;
    console.log(`held-out MAE / RMSE: lstm ${f(l)}, reactive ${f(r)}, max 120 s ${f(m)}, max 10 s ${f(m10)}`);
    expect(l.mae).toBeLessThanOrEqual(r.mae * (1 + MARGIN));
    expect(l.rmse).toBeLessThanOrEqual(r.rmse * (1 + MARGIN));
  });
});
