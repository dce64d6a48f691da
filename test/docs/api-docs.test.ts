// The reference docs (`npm run docs`, typedoc.json): every public export documented (TSDoc) and in
// a topic group, internals in their own group, last. Converts and validates the API in this process
// as the docs build does, without writing HTML; any warning (an undocumented export, a broken
// {@link}, an export in no group: typedoc.json's treatWarningsAsErrors fails the build on it) fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application, Logger, LogLevel, ReflectionKind, TSConfigReader, TypeDocReader, type DeclarationReflection, type ProjectReflection } from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs TypeDoc plugin, no declarations
import { GROUP_RULES, groupOf } from '../../scripts/typedoc-groups.mjs';

const root = join(import.meta.dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { groupOrder: string[]; treatWarningsAsErrors?: boolean; validation?: Record<string, boolean> };

/** Keeps what TypeDoc would print at warning level or above. */
class CollectingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

let project: ProjectReflection;
let logger: CollectingLogger;

beforeAll(async () => {
  const app = await Application.bootstrapWithPlugins({ options: join(root, 'typedoc.json'), plugin: [join(root, 'scripts', 'typedoc-groups.mjs')] }, [new TypeDocReader(), new TSConfigReader()]);
  logger = new CollectingLogger();
  app.logger = logger;
  project = (await app.convert())!;
  expect(project).toBeDefined();
  app.validate(project);
}, 600_000);

/** Each module's groups, titles in order, with the names in each. */
function groups(moduleName: string): { title: string; names: string[] }[] {
  const mod = project.children!.find((c) => c.name === moduleName)!;
  return mod.groups!.map((g) => ({ title: g.title, names: g.children.map((c) => c.name) }));
}

describe('the API reference (typedoc)', () => {
  it('the docs build fails on any warning, and it validates documentation and links', () => {
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notDocumented: true, invalidLink: true, notExported: true });
  });

  it('converts with no warning: every public export has TSDoc and a group, every link resolves', () => {
    expect(logger.messages).toEqual([]);
  });

  it('groups the exports of both entry points by topic, public API first and internals last', () => {
    for (const name of ['index', 'node']) {
      const gs = groups(name);
      const titles = gs.map((g) => g.title);
      // Only topic groups (none of TypeDoc's per-kind "Functions", "Interfaces"...), in groupOrder.
      for (const t of titles) expect(config.groupOrder, `${name}: group ${t}`).toContain(t);
      expect(titles).toEqual([...titles].sort((a, b) => config.groupOrder.indexOf(a) - config.groupOrder.indexOf(b)));
    }
    const core = Object.fromEntries(groups('index').map((g) => [g.title, g.names]));
    expect(core.Simulation).toEqual(expect.arrayContaining(['simulate', 'parseScenario', 'Scenario', 'SimulationResult']));
    expect(core.Metrics).toEqual(expect.arrayContaining(['Summary', 'LatencyCdf', 'latencyCdfQuantiles']));
    expect(core.Policies).toEqual(expect.arrayContaining(['registerPolicy', 'ipaPolicy', 'Policy']));
    expect(core['Plots and reports']).toEqual(expect.arrayContaining(['latencyCdfPlot', 'latencyPlot']));
    expect(core.Internals).toEqual(expect.arrayContaining(['Engine', 'EventHeap', 'RingQueue', 'ServingSystem', 'RequestTable']));
    expect(Object.keys(core).at(-1)).toBe('Internals');
    // Nothing public sits among the internals.
    for (const pub of ['simulate', 'parseScenario', 'latencyCdfPlot', 'registerPolicy']) expect(core.Internals).not.toContain(pub);
    const node = Object.fromEntries(groups('node').map((g) => [g.title, g.names]));
    expect(node['Experiments and sweeps']).toEqual(expect.arrayContaining(['runSweep', 'SweepFailedError']));
    expect(node['Plots and reports']).toEqual(expect.arrayContaining(['renderSvg', 'renderPng', 'writeReport']));
  });

  it('every export of the entry points is in the listing, each in exactly one group', () => {
    for (const name of ['index', 'node']) {
      const mod = project.children!.find((c) => c.name === name)!;
      const listed = groups(name).flatMap((g) => g.names);
      const exported = (mod.children ?? []).filter((c: DeclarationReflection) => !c.kindOf(ReflectionKind.Reference)).map((c) => c.name);
      expect(exported.length).toBeGreaterThan(50);
      expect([...listed].sort()).toEqual([...exported].sort());
    }
  });

  it("the plugin's rules: a folder no rule covers has no group (so its exports warn), every group is ordered", () => {
    expect(groupOf('engine/event-heap.ts')).toBe('Internals');
    expect(groupOf('experiment/report-model.ts')).toBe('Plots and reports');
    expect(groupOf('experiment/compare.ts')).toBe('Experiments and sweeps');
    expect(groupOf('brand-new-folder/thing.ts')).toBeUndefined();
    for (const [, group] of GROUP_RULES as [string, string][]) expect(config.groupOrder).toContain(group);
  });
});
