import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlanProblem } from '../../src/cli/commands/plan.js';
import { parseEnergyLogFile } from '../../src/cli/commands/perf.js';
import { excerpt } from '../../src/errors.js';
import { inputErrorOf } from '../helpers.js';
import { csvField, rowsToCsv } from '../../src/experiment/csv.js';
import { loadScenarioFile } from '../../src/node/load-scenario.js';
import { runSweep } from '../../src/node/sweep/run-sweep.js';
import { validateScenario } from '../../src/sim/validate.js';
import { parseRateCsv } from '../../src/workload/csv.js';
import { parseCarbonCsv } from '../../src/energy/carbon.js';
import { removeTempDirs, tempDir } from '../experiment/fixtures.js';

afterAll(removeTempDirs);


function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('plan problem files say what was given', () => {
  it('negative rps and slaMs, an unknown solver and an accuracy of 3 show the value given', () => {
    const dir = tempDir();
    const pipeline = { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 3, cores: 1, latencyMs: { 1: 10 } }] }] };
    const err = inputErrorOf(() => loadPlanProblem(file(dir, 'p.json', JSON.stringify({ pipeline, rps: -4, slaMs: -250, solver: 'simplex' }))));
    const got = Object.fromEntries(err.issues.map((i) => [i.path, i.received]));
    expect(got).toEqual({ 'pipeline.stages[0].variants[0].accuracy': '3', rps: '-4', slaMs: '-250', solver: '"simplex"' });
    expect(err.message).not.toContain('got nothing');
  });
});

describe('__proto__ keys are errors, never dropped', () => {
  const scenario = (latencyJson: string) =>
    JSON.parse(`{ "seed": 1, "durationS": 10, "slaMs": 500, "workload": { "type": "poisson", "rps": 1 },
      "pipeline": { "stages": [ { "name": "s", "variants": [ { "name": "v", "accuracy": 0.5, "cores": 1, "latencyMs": ${latencyJson} } ] } ] },
      "policy": { "name": "static", "config": [ { "variant": "v", "batch": 1, "replicas": 1 } ] } }`);

  it('in a latency table, a policy option, a sweep and a plan problem', () => {
    const err = inputErrorOf(() => validateScenario(scenario('{ "1": 10, "__proto__": 99 }')));
    expect(err.issues).toEqual([{ path: 'pipeline.stages[0].variants[0].latencyMs.__proto__', expected: expect.stringContaining('no "__proto__" key'), received: '99' }]);
    const option = scenario('{ "1": 10 }');
    option.policy = JSON.parse('{ "name": "static", "__proto__": { "config": [] } }');
    expect(inputErrorOf(() => validateScenario(option)).issues[0].path).toBe('policy.__proto__');
    const dir = tempDir();
    expect(inputErrorOf(() => loadPlanProblem(file(dir, 'p.json', '{ "pipeline": "video", "rps": 5, "__proto__": { "rps": 1 } }'))).issues[0].path).toBe('__proto__');
  });

  it('a scenario without one passes (the check walks plain data only)', () => {
    expect(() => validateScenario(scenario('{ "1": 10, "2": 15 }'))).not.toThrow();
  });
});

describe('energy logs: nonsense is an error, not a silent 0 or negative Watts', () => {
  const log = ['#           time             counts unit events', '     1.000              19.63 Joules power/energy-pkg/', '     1.000               7.41 Joules power/energy-ram/', '     2.000              20.10 Joules power/energy-pkg/', '     2.000               7.52 Joules power/energy-ram/', ''].join('\n');

  it('--total naming an event the log does not have', () => {
    const dir = tempDir();
    const path = file(dir, 'run.log', log);
    const err = inputErrorOf(() => parseEnergyLogFile(path, { total: 'power/energy-gpu/' }));
    expect(err.issues[0]).toMatchObject({ path: '--total', received: '"power/energy-gpu/"' });
    expect(err.issues[0].expected).toContain('"power/energy-pkg/", "power/energy-ram/"');
    // One typo among good names is still an error; good names alone still work.
    expect(inputErrorOf(() => parseEnergyLogFile(path, { total: 'power/energy-pkg/,power/energy-rma/' })).issues[0].hint).toBe('did you mean "power/energy-ram/"?');
    expect(parseEnergyLogFile(path, { total: 'power/energy-ram/' }).totalJ).toBeCloseTo(7.41 + 7.52, 9);
  });

  it('negative Joules', () => {
    const dir = tempDir();
    const path = file(dir, 'neg.log', log.replace('20.10', '-3.5'));
    const err = inputErrorOf(() => parseEnergyLogFile(path));
    expect(err.message).toMatch(/neg\.log: line 4: expected an energy >= 0 J for power\/energy-pkg\/ .* got -3\.5 J at 2 s/);
  });
});

describe('errors quoting a file show a line number and a short excerpt only', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const env = `API_TOKEN=${secret}\nDB_PASSWORD=correct-horse-battery-staple\n`;
  const passwd = 'root:x:0:0:root:/root:/bin/bash\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n';

  it('excerpt keeps a key, or 12 characters, never the rest', () => {
    expect(excerpt(`AWS_SECRET=${secret}`)).toBe('"AWS_SECRET=..." (51 chars)');
    expect(excerpt('0123456789abcdefghij')).toBe('"0123456789ab..." (20 chars)');
    expect(excerpt(' 12.5x ')).toBe('"12.5x"');
  });

  it('a .env or /etc/passwd given as a trace, a carbon trace, a scenario or a perf log', () => {
    const dir = tempDir();
    const messages: string[] = [];
    const catchMessage = (f: () => unknown) => messages.push(inputErrorOf(f).message);
    catchMessage(() => parseRateCsv(env, { source: '.env' }));
    catchMessage(() => parseRateCsv(passwd, { source: 'passwd' }));
    catchMessage(() => parseRateCsv(`rps\n4\n${env}`, { source: 'trace.csv' }));
    catchMessage(() => parseCarbonCsv(`gCO2\n120\n${env}`));
    catchMessage(() => parseCarbonCsv(passwd));
    catchMessage(() => loadScenarioFile(file(dir, 'scenario.json', env)));
    catchMessage(() => parseEnergyLogFile(file(dir, '.env', env)));
    catchMessage(() => parseEnergyLogFile(file(dir, 'passwd', passwd)));
    for (const m of messages) {
      expect(m).toMatch(/line|:\d/);
      for (const leak of [secret, 'correct-horse', '/bin/bash', '/usr/sbin/nologin', 'x:0:0']) expect(m).not.toContain(leak);
    }
  });
});

describe('rows.csv is safe to open in a spreadsheet', () => {
  it('formula-like text is neutralised; numbers, negative ones included, stay numbers', () => {
    expect(['=1+2', '+SUM(A1:A9)', '-2+3', '@cmd', '\t=1', '\r=1'].map(csvField)).toEqual(["'=1+2", "'+SUM(A1:A9)", "'-2+3", "'@cmd", "'\t=1", `"'\r=1"`]);
    expect([-1.5, '-1.5', '+2e-3', '-', 'ok', 0].map(csvField)).toEqual(['-1.5', '-1.5', '+2e-3', "'-", 'ok', '0']);
    expect(rowsToCsv([{ a: '=HYPERLINK("http://x","y")', b: -0.25 }], ['a', 'b'])).toBe('a,b\n"\'=HYPERLINK(""http://x"",""y"")",-0.25\n');
  });

  it('a sweep whose labels are formulas writes them neutralised', async () => {
    const dir = tempDir();
    const config = [{ variant: 'yolov5n', batch: 1, replicas: 1 }, { variant: 'resnet18', batch: 1, replicas: 1 }];
    await runSweep(
      { name: 'inject', base: { durationS: 5, pipeline: 'video' }, policies: [{ label: '=cmd|"/c calc"!A1', name: 'static', config }], workloads: [{ label: '@evil', type: 'poisson', rps: 2 }], seeds: [1] },
      { outDir: dir, workers: 0 },
    );
    const [header, row] = readFileSync(join(dir, 'rows.csv'), 'utf8').trim().split('\n');
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const col = (name: string) => cells[header.split(',').indexOf(name)];
    expect(col('policy')).toBe('"\'=cmd|""/c calc""!A1"');
    expect(col('workload')).toBe("'@evil");
    expect(Number(col('requests'))).toBeGreaterThan(0);
  });
});
