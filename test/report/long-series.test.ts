import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register as registerSeries } from '../../src/cli/commands/series.js';
import { longSeries, longSeriesCsv } from '../../src/experiment/long-series.js';
import { readRows } from '../../src/node/sweep/rows-file.js';
import { simulate } from '../../src/sim/simulate.js';
import { inProcessCli } from '../cli/in-process.js';
import { tinyScenario, tinySweepDir } from './fixtures.js';

describe('long-format series (runId, t, stage, metric, value)', () => {
  it('has one row per interval, metric and stage, and pivots back to the series', async () => {
    const r = await simulate(tinyScenario('static-small', 12, 1));
    const rows = longSeries(r.series, 'run-1');
    const n = r.series.t.length;
    const pipelineMetrics = ['arrivalRate', 'completed', 'dropped', 'slaViolations', 'cores', 'accuracy', 'meanLatencyMs', 'p99LatencyMs', 'powerW', 'carbonG'];
    const stageMetrics = ['batch', 'replicas', 'readyReplicas', 'queueLength'];
    expect(new Set(rows.filter((x) => x.stage === '').map((x) => x.metric))).toEqual(new Set(pipelineMetrics));
    expect(new Set(rows.filter((x) => x.stage === 'detect').map((x) => x.metric))).toEqual(new Set(stageMetrics));
    expect(rows).toHaveLength(n * (pipelineMetrics.length + 2 * stageMetrics.length));
    for (let i = 0; i < n; i += 7) {
      expect(rows.find((x) => x.stage === '' && x.metric === 'cores' && x.t === r.series.t[i])!.value).toBe(r.series.cores[i]);
      expect(rows.find((x) => x.stage === 'classify' && x.metric === 'queueLength' && x.t === r.series.t[i])!.value).toBe(r.series.stages[1].queueLength[i]);
    }
    const csv = longSeriesCsv({ 'run-1': r.series }).trim().split('\n');
    expect(csv[0]).toBe('runId,t,stage,metric,value');
    expect(csv).toHaveLength(rows.length + 1);
    // NaN (no completion in an interval) is an empty field, which pandas reads as NaN.
    const nanAt = r.series.accuracy.findIndex((v) => Number.isNaN(v));
    if (nanAt >= 0) expect(csv).toContain(`run-1,${r.series.t[nanAt]},,accuracy,`);
  });

  it('infersim series <sweep dir> writes every run with a series, joinable with the rows on runId', async () => {
    const { dir } = await tinySweepDir([1]);
    const out = join(dir, 'series.csv');
    const res = await inProcessCli([registerSeries], 'series', dir, '--out', out);
    expect(res.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('runId,t,stage,metric,value');
    const runIds = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(runIds).toEqual(new Set(readRows(dir).map((r) => r.runId)));
    const stdout = (await inProcessCli([registerSeries], 'series', dir)).stdout;
    expect(stdout).toBe(readFileSync(out, 'utf8'));
  });
});
