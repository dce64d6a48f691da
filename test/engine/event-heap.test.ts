import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EventHeap } from '../../src/engine/event-heap.js';

describe('EventHeap', () => {
  it('pops in (time, insertion) order whatever the pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap(2);
        times.forEach((t, i) => heap.push(t, 0, i));
        const out: [number, number][] = [];
        const ev = { time: 0, seq: 0, kind: 0, arg: 0 };
        while (heap.pop(ev)) out.push([ev.time, ev.arg]);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('interleaved pushes and pops stay ordered', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const heap = new EventHeap(1);
        const ev = { time: 0, seq: 0, kind: 0, arg: 0 };
        let last = -Infinity;
        let now = 0;
        for (const op of ops) {
          if (op < 0) {
            if (heap.pop(ev)) {
              expect(ev.time).toBeGreaterThanOrEqual(last);
              last = ev.time;
              now = ev.time;
            }
          } else heap.push(now + op, 1, 0);
        }
      }),
    );
  });
});

describe('Engine', () => {
  it('runs events in time order, ties in scheduling order, and counts them', () => {
    const e = new Engine();
    const seen: number[] = [];
    e.at(2, 0, 1);
    e.at(1, 0, 2);
    e.at(2, 0, 3);
    e.at(1, 0, 4);
    e.run((_k, arg) => seen.push(arg));
    expect(seen).toEqual([2, 4, 1, 3]);
    expect(e.events).toBe(4);
    expect(e.now).toBe(2);
  });

  it('cancelled events are skipped and not counted', () => {
    const e = new Engine();
    const seen: number[] = [];
    const id = e.at(1, 0, 1);
    e.at(2, 0, 2);
    e.cancel(id);
    e.run((_k, arg) => seen.push(arg));
    expect(seen).toEqual([2]);
    expect(e.events).toBe(1);
  });

  it('run(until) stops before later events, leaving them for the next call', () => {
    const e = new Engine();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4]) e.at(t, 0, t);
    e.run((_k, arg) => seen.push(arg), 2.5);
    expect(seen).toEqual([1, 2]);
    expect(e.now).toBe(2.5);
    e.run((_k, arg) => seen.push(arg));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('handlers can schedule more events and stop the loop', () => {
    const e = new Engine();
    let n = 0;
    e.at(0, 0);
    e.run(() => {
      n++;
      if (n === 10) e.stop();
      e.after(1, 0);
    });
    expect(n).toBe(10);
    expect(e.now).toBe(9);
  });

  it('runs the stream event (atStream) exactly where the heap would run it, whole or in bounded steps', () => {
    // The same random process twice: arrivals, each scheduling the next and some later events at
    // whole times (many ties), once through atStream and once all through at(); same order, clock
    // and counts, also when run in steps of run(until) with either bound.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })), { minLength: 1, maxLength: 60 }),
        fc.option(fc.tuple(fc.double({ min: 0.5, max: 5, noNaN: true }), fc.boolean())),
        (arrivals, step) => {
          const trace = (stream: boolean) => {
            const e = new Engine();
            const seen: string[] = [];
            let k = 0;
            const schedule = (t: number) => (stream ? e.atStream(t, 1, k) : e.at(t, 1, k));
            schedule(arrivals[0][0]);
            const handler = (kind: number, arg: number) => {
              seen.push(`${e.now}:${kind}:${arg}`);
              if (kind !== 1) return;
              for (const d of arrivals[arg][1]) e.at(e.now + d, 2, arg);
              if (++k < arrivals.length) schedule(e.now + arrivals[k][0]);
            };
            if (step) {
              for (let until = step[0]; e.pending > 0; until += step[0]) {
                e.run(handler, until, step[1]);
                seen.push(`now ${e.now} pending ${e.pending} next ${e.nextTime()}`);
              }
            } else e.run(handler);
            return { seen, events: e.events, now: e.now };
          };
          expect(trace(true)).toEqual(trace(false));
        },
      ),
    );
  });

  it('holds one stream event at a time', () => {
    const e = new Engine();
    e.atStream(1, 0);
    expect(() => e.atStream(2, 0)).toThrow(/already has an event pending/);
    expect(e.pending).toBe(1);
    expect(e.nextTime()).toBe(1);
  });

  it('refuses to schedule in the past', () => {
    const e = new Engine();
    e.at(5, 0);
    e.run(() => {});
    expect(() => e.at(4, 0)).toThrow(RangeError);
  });
});
