import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Cluster, compilePipeline, createStreams, ServingSystem, type NodeSpec, type PipelineProfile } from '../../src/index.js';

const nodeArb = fc.record({
  device: fc.constantFrom('cpu', 'gpu', 'fpga'),
  cores: fc.integer({ min: 1, max: 16 }),
  accelerators: fc.integer({ min: 0, max: 4 }),
  memoryMB: fc.constantFrom(Infinity, 4000, 16000),
});

const needArb = fc.record({
  device: fc.constantFrom('cpu', 'gpu', 'fpga'),
  cores: fc.integer({ min: 1, max: 8 }),
  accelerators: fc.integer({ min: 0, max: 2 }),
  memoryMB: fc.constantFrom(0, 2000, 6000),
});

describe('Cluster placement', () => {
  it('first fit takes the lowest node that fits; best fit the one with the fewest free cores left', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(needArb, { maxLength: 30 }), fc.constantFrom('first-fit' as const, 'best-fit' as const), (nodes, needs, rule) => {
        const c = new Cluster(nodes, rule);
        for (const need of needs) {
          const fitting = nodes.map((_, i) => i).filter((i) => c.fitsOn(i, need));
          const expected = fitting.length === 0 ? -1 : rule === 'first-fit' ? fitting[0] : [...fitting].sort((a, b) => c.free[a] - c.free[b] || c.freeAccelerators[a] - c.freeAccelerators[b] || a - b)[0];
          expect(c.place(need)).toBe(expected);
          for (let i = 0; i < nodes.length; i++) {
            expect(c.free[i]).toBeGreaterThanOrEqual(0);
            expect(c.freeAccelerators[i]).toBeGreaterThanOrEqual(0);
            expect(c.freeMemory[i]).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('replicas placed through reconfigurations never exceed a node and sit on their device type', () => {
    const pipeline: PipelineProfile = {
      stages: [0, 1].map((s) => ({
        name: `s${s}`,
        variants: [
          {
            name: 'v',
            accuracy: 0.8,
            cores: 2,
            memoryMB: 3000,
            latencyMs: { 1: 50, 4: 120 },
            devices: { gpu: { latencyMs: { 1: 10, 4: 14 }, cores: 1, accelerators: 1, startupS: 8, memoryMB: 5000 }, fpga: { latencyMs: { 1: 20, 4: 60 }, accelerators: 2 } },
          },
        ],
      })),
    };
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom('cpu', 'gpu', 'fpga'), fc.integer({ min: 0, max: 5 }), fc.constantFrom('cpu', 'gpu', 'fpga'), fc.integer({ min: 0, max: 5 })), { maxLength: 8 }),
        fc.constantFrom('first-fit' as const, 'best-fit' as const),
        (nodes, reconfigs, placement) => {
          const engine = new Engine();
          const stages = compilePipeline(pipeline, createStreams(1), { serviceDist: { type: 'deterministic' }, startupS: 1, accuracy: { method: 'product', normalize: 'raw' } });
          let serving!: ServingSystem;
          const check = () => {
            const c = serving.cluster;
            for (let i = 0; i < nodes.length; i++) {
              expect(c.free[i]).toBeGreaterThanOrEqual(-1e-9);
              expect(c.freeAccelerators[i]).toBeGreaterThanOrEqual(-1e-9);
              expect(c.freeMemory[i]).toBeGreaterThanOrEqual(-1e-9);
            }
          };
          serving = new ServingSystem(engine, stages, { maxBatchWaitS: 0.1, dropLimitS: 5, nodes: nodes as NodeSpec[], placement }, {
            onComplete() {},
            onDrop() {},
            onCores: check,
            onBatch(r) {
              expect(nodes[r.node].device).toBe(r.needs.device);
              check();
            },
          });
          serving.configure([{ variant: 'v', batch: 1, replicas: 0 }, { variant: 'v', batch: 1, replicas: 0 }], true);
          for (let t = 0; t < 60; t += 0.05) engine.at(t, 16);
          reconfigs.forEach(([t], i) => engine.at(t, 17, i));
          engine.run((kind, arg) => {
            if (kind === 16) serving.arrive();
            else if (kind === 17) {
              const [, d0, n0, d1, n1] = reconfigs[arg];
              serving.configure([{ variant: 'v', batch: 4, replicas: n0, device: d0 }, { variant: 'v', batch: 2, replicas: n1, device: d1 }]);
            } else serving.handle(kind, arg);
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
