import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  POWER_CURVES,
  REFERENCE_NODE_POWER,
  curveShare,
  dynamicBatchEnergyJ,
  dynamicPowerW,
  idleEnergyJ,
  nodePowerW,
  validateNodePowerSpec,
  type NodePowerSpec,
} from '../../src/energy/power-model.js';
import { InputError } from '../../src/errors.js';
import { inputErrorOf } from '../helpers.js';

const linear: NodePowerSpec = { idleW: 60, maxW: 330, curve: 'linear', cores: 48 };
const fan: NodePowerSpec = { ...linear, curve: 'fan2007' };


describe('nodePowerW(spec, u)', () => {
  it('is P_idle at u = 0 and P_max at u = 1 for both curves', () => {
    for (const curve of POWER_CURVES) {
      const s = { ...linear, curve };
      expect(nodePowerW(s, 0)).toBe(60);
      expect(nodePowerW(s, 1)).toBe(330);
    }
  });

  it('follows P_idle + (P_max - P_idle) u (linear) and (2u - u^1.4) (fan2007)', () => {
    expect(nodePowerW(linear, 0.5)).toBe(195);
    expect(nodePowerW(fan, 0.5)).toBeCloseTo(60 + 270 * (1 - Math.pow(0.5, 1.4)), 12);
    expect(curveShare('fan2007', 0.25)).toBeCloseTo(0.5 - Math.pow(0.25, 1.4), 12);
  });

  it('fan2007 is increasing and never below linear on (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(nodePowerW(fan, lo)).toBeLessThanOrEqual(nodePowerW(fan, hi));
        expect(nodePowerW(fan, a)).toBeGreaterThanOrEqual(nodePowerW(linear, a) - 1e-9);
        if (a > 1e-6 && a < 1 - 1e-6) expect(nodePowerW(fan, a)).toBeGreaterThan(nodePowerW(linear, a));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects a utilisation outside [0, 1] or NaN', () => {
    for (const u of [-0.01, 1.01, Number.NaN]) expect(inputErrorOf(() => nodePowerW(linear, u)).issues[0].path).toBe('u');
  });
});

describe('dynamicBatchEnergyJ(spec, coresBusy, durationS)', () => {
  it('is (P(c / cores) - P_idle) x duration: 270 W x 2/48 x 0.25 s on the linear reference', () => {
    expect(dynamicBatchEnergyJ(linear, 2, 0.25)).toBeCloseTo(2.8125, 12);
    expect(dynamicBatchEnergyJ(linear, 0, 10)).toBe(0);
    expect(dynamicBatchEnergyJ(linear, 48, 1)).toBe(270);
    expect(dynamicBatchEnergyJ(fan, 12, 2)).toBeCloseTo((nodePowerW(fan, 0.25) - 60) * 2, 12);
  });

  it('adds up across concurrent batches under the linear curve (exact) and overcounts under fan2007', () => {
    const parts = [1, 2, 4, 8];
    const total = parts.reduce((a, b) => a + b, 0);
    const sumLinear = parts.reduce((acc, c) => acc + dynamicBatchEnergyJ(linear, c, 1), 0);
    expect(sumLinear).toBeCloseTo(dynamicBatchEnergyJ(linear, total, 1), 10);
    const sumFan = parts.reduce((acc, c) => acc + dynamicBatchEnergyJ(fan, c, 1), 0);
    expect(sumFan).toBeGreaterThan(dynamicBatchEnergyJ(fan, total, 1));
    expect(sumFan).toBeLessThanOrEqual(2 * dynamicBatchEnergyJ(fan, total, 1));
  });

  it('rejects cores beyond the node and bad durations', () => {
    expect(inputErrorOf(() => dynamicBatchEnergyJ(linear, 49, 1)).issues[0].path).toBe('coresBusy / cores');
    expect(inputErrorOf(() => dynamicBatchEnergyJ(linear, -1, 1)).issues[0].path).toBe('coresBusy / cores');
    for (const d of [-1, Number.NaN, Infinity]) expect(inputErrorOf(() => dynamicBatchEnergyJ(linear, 1, d)).issues[0].path).toBe('durationS');
  });

  it('dynamicPowerW of all cores is the dynamic range; idleEnergyJ is P_idle x T', () => {
    expect(dynamicPowerW(fan, 48)).toBe(270);
    expect(idleEnergyJ(linear, 1200)).toBe(72_000);
    expect(() => idleEnergyJ(linear, -1)).toThrow(InputError);
  });
});

describe('validateNodePowerSpec(spec, path)', () => {
  it('returns a valid spec unchanged, and the reference node is valid', () => {
    expect(validateNodePowerSpec({ ...fan })).toEqual(fan);
    expect(validateNodePowerSpec({ ...REFERENCE_NODE_POWER })).toEqual(REFERENCE_NODE_POWER);
    expect(validateNodePowerSpec({ idleW: 0, maxW: 0, curve: 'linear', cores: 0.5 }).cores).toBe(0.5);
  });

  it('collects every bad field with its path, expectation and value', () => {
    const err = inputErrorOf(() => validateNodePowerSpec({ idleW: -1, maxW: 'x', curve: 'cubic', cores: 0 }, 'cluster.power'));
    expect(err.issues.map((i) => i.path)).toEqual(['cluster.power.idleW', 'cluster.power.maxW', 'cluster.power.curve', 'cluster.power.cores']);
    expect(err.issues[2].expected).toContain('linear, fan2007');
    expect(err.issues[2].received).toBe('"cubic"');
    expect(err.message).toMatch(/cluster\.power\.idleW: expected/);
  });

  it('rejects maxW below idleW with a hint, and a non-object', () => {
    const err = inputErrorOf(() => validateNodePowerSpec({ idleW: 300, maxW: 60, curve: 'linear', cores: 48 }));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ path: 'power.maxW', received: '60' });
    expect(err.issues[0].hint).toMatch(/swapped/);
    expect(inputErrorOf(() => validateNodePowerSpec(null)).issues[0].path).toBe('power');
    expect(inputErrorOf(() => validateNodePowerSpec([1, 2])).issues[0].received).toBe('an array of 2');
  });
});
