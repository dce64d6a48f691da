/**
 * The playground page: pick a bundled pipeline, workload and policy, run `simulate()` in the page,
 * show the summary and plots. Built into ../app.js by scripts/build-playground.ts.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../../../src/index.js';
import { bundledPipelineNames, bundledPipelines, bundledWorkloadNames, policyNames, simulate } from '../../../src/index.js';
import type { SimulationResult } from '../../../src/index.js';
import { accuracyPlot, latencyCdfPlot, latencyPlot, loadCoresPlot, powerPlot } from '../../../src/experiment/plots/index.js';
import { playgroundScenario, type PlaygroundChoice, type StaticSizing } from './scenario.js';

declare global {
  interface Window {
    /** The last scenario run, for tests and the curious (open the console). */
    __lastScenario?: unknown;
    /** The last result (summary, series, decisions, timing). */
    __lastResult?: SimulationResult;
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function fill(select: HTMLSelectElement, names: readonly string[], preferred: string): void {
  select.replaceChildren(...names.map((n) => new Option(n, n, false, n === preferred)));
}

function setState(state: 'idle' | 'running' | 'done' | 'error', message = ''): void {
  document.body.dataset.state = state;
  $('status').textContent = message;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

function summaryRows(r: SimulationResult): [string, string][] {
  const s = r.summary;
  return [
    ['requests', String(s.requests)],
    ['completed / dropped', `${s.completed} / ${s.dropped}`],
    ['SLA violations', `${fmt(s.slaViolationRate * 100)}%`],
    ['latency mean / p99 (ms)', `${fmt(s.latencyMs.mean, 1)} / ${fmt(s.latencyMs.p99, 1)}`],
    ['accuracy (PAS)', fmt(s.accuracy, 4)],
    ['cores (time average)', fmt(s.costCores)],
    ['energy (kJ)', fmt(s.energyJ / 1000, 1)],
    ['events / wall time', `${s.events.toLocaleString('en')} in ${fmt(r.timing.wallMs, 0)} ms`],
  ];
}

async function draw(el: HTMLElement, spec: VegaLiteSpec): Promise<void> {
  const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'svg', container: el, hover: true });
  await view.runAsync();
}

async function run(): Promise<void> {
  const choice: PlaygroundChoice = {
    pipeline: $<HTMLSelectElement>('pipeline').value,
    workload: $<HTMLSelectElement>('workload').value,
    policy: $<HTMLSelectElement>('policy').value,
    seed: Number($<HTMLInputElement>('seed').value) || 0,
    sizing: $<HTMLSelectElement>('sizing').value as StaticSizing,
  };
  setState('running', 'running…');
  $<HTMLButtonElement>('run').disabled = true;
  // Let the browser paint "running…" before the simulation takes the main thread.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    const scenario = playgroundScenario(choice);
    const result = await simulate(scenario);
    window.__lastScenario = scenario;
    window.__lastResult = result;
    const table = $('summary');
    table.replaceChildren(
      ...summaryRows(result).map(([k, v]) => {
        const tr = document.createElement('tr');
        tr.append(Object.assign(document.createElement('th'), { textContent: k }), Object.assign(document.createElement('td'), { textContent: v }));
        return tr;
      }),
    );
    $('config').textContent = JSON.stringify(scenario.policy);
    $('summary-json').textContent = JSON.stringify(result.summary, null, 2);
    const slaMs = scenario.slaMs ?? bundledPipelines[choice.pipeline]?.slaMs;
    const plots = $('plots');
    plots.replaceChildren();
    const specs: VegaLiteSpec[] = [
      loadCoresPlot([result], { title: 'load and cores', width: 620 }),
      latencyPlot([result], { title: 'p99 latency', slaMs, logY: true, width: 620 }),
      accuracyPlot([result], { title: 'accuracy', width: 620 }),
      powerPlot([result], { title: 'power', width: 620 }),
      latencyCdfPlot([result], { title: 'latency distribution', width: 620, fromS: scenario.warmupS, slaMs }),
    ];
    for (const spec of specs) {
      const div = document.createElement('div');
      div.className = 'plot';
      plots.append(div);
      await draw(div, spec);
    }
    setState('done', `done: ${choice.pipeline} · ${choice.workload} · ${choice.policy} · seed ${choice.seed}`);
  } catch (err) {
    console.warn(err);
    setState('error', (err as Error).message);
  } finally {
    $<HTMLButtonElement>('run').disabled = false;
  }
}

async function init(): Promise<void> {
  const q = new URLSearchParams(location.search);
  fill($('pipeline'), bundledPipelineNames, q.get('pipeline') ?? 'video');
  fill($('workload'), bundledWorkloadNames, q.get('workload') ?? 'bursty');
  fill($('policy'), policyNames(), q.get('policy') ?? 'static');
  if (q.get('seed')) $<HTMLInputElement>('seed').value = q.get('seed')!;
  if (q.get('sizing')) $<HTMLSelectElement>('sizing').value = q.get('sizing')!;
  const toggleSizing = () => ($('sizing-label').hidden = $<HTMLSelectElement>('policy').value !== 'static');
  $('policy').addEventListener('change', toggleSizing);
  toggleSizing();
  $('run').addEventListener('click', () => void run());
  setState('idle', '');
  if (q.has('run')) await run();
}

void init();
