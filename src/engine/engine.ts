import { EventHeap, type PoppedEvent } from './event-heap.js';

/** Handles one event: `kind` and `arg` are the integers given to {@link Engine.at}. */
export type EventHandler = (kind: number, arg: number) => void;

/**
 * The simulation kernel: a clock, an event heap and a run loop. It knows nothing of ML.
 *
 * Events are `(time, kind, arg)` integers dispatched to one handler, which switches on `kind`.
 * Simultaneous events run in the order they were scheduled. Cancellation is lazy: a cancelled event
 * stays in the heap and is skipped when popped, which keeps `cancel` O(1).
 */
export class Engine {
  /** Current simulated time in seconds. */
  now = 0;
  /** Events handled so far (cancelled ones excluded). */
  events = 0;
  private readonly heap = new EventHeap();
  private readonly cancelled = new Set<number>();
  private readonly current: PoppedEvent = { time: 0, seq: 0, kind: 0, arg: 0 };
  private stopped = false;
  /** The stream's pending event (see {@link atStream}); Infinity: none. */
  private streamTime = Infinity;
  private streamSeq = 0;
  private streamKind = 0;
  private streamArg = 0;

  /** Schedules an event at absolute time `time` (never before `now`); returns an id for {@link cancel}. */
  at(time: number, kind: number, arg = 0): number {
    if (!(time >= this.now)) this.refuseTime(time);
    return this.heap.push(time, kind, arg);
  }

  /**
   * Schedules the next event of the engine's one event stream: a source that always has exactly
   * one event pending, scheduled once its previous one has been handled (a workload's arrivals).
   * It is kept beside the heap, with a sequence number from the same counter, and runs exactly
   * where it would from the heap (time, then scheduling order); half of a queueing run's events
   * are arrivals, and this saves each a heap insertion and removal. Returns its id, as {@link at}.
   */
  atStream(time: number, kind: number, arg = 0): number {
    if (!(time >= this.now) || this.streamTime !== Infinity) this.refuseStream(time);
    this.streamTime = time;
    this.streamKind = kind;
    this.streamArg = arg;
    return (this.streamSeq = this.heap.takeSeq());
  }

  /**
   * Throws for a time before now. Apart from {@link at} and {@link atStream} so their bytecode stays
   * small: V8 inlines only so many bytecodes into one function, and they are inlined on the hot path.
   */
  private refuseTime(time: number): never {
    throw new RangeError(`cannot schedule an event at ${time}, before the current time ${this.now}`);
  }

  /** Throws why {@link atStream} cannot schedule at `time` (apart for the same reason as {@link refuseTime}). */
  private refuseStream(time: number): never {
    if (!(time >= this.now)) this.refuseTime(time);
    throw new Error('atStream: the stream already has an event pending');
  }

  /** Schedules an event `delay` seconds from now. */
  after(delay: number, kind: number, arg = 0): number {
    return this.at(this.now + delay, kind, arg);
  }

  /** Cancels a scheduled event by the id {@link at} returned; cancelling twice or late is harmless. */
  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** Number of events waiting, cancelled ones included. */
  get pending(): number {
    return this.heap.size + (this.streamTime !== Infinity ? 1 : 0);
  }

  /** Time of the next event, or Infinity. */
  nextTime(): number {
    return Math.min(this.heap.peekTime(), this.streamTime);
  }

  /** Moves the next event (the stream's or the heap's earliest) into `ev`; false when none is left. */
  private next(ev: PoppedEvent): boolean {
    const t = this.streamTime;
    if (t !== Infinity && this.heap.precedesTop(t, this.streamSeq)) {
      ev.time = t;
      ev.seq = this.streamSeq;
      ev.kind = this.streamKind;
      ev.arg = this.streamArg;
      this.streamTime = Infinity;
      return true;
    }
    return this.heap.pop(ev);
  }

  /** Stops {@link run} after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs events in order until the heap is empty, the next event is later than `until` (or, with
   * `inclusive` false, at `until` or later), or {@link stop} is called. The clock ends at the last
   * event handled, or at `until` if later events are still pending. Returns the number of events
   * handled in this call.
   */
  run(handler: EventHandler, until = Infinity, inclusive = true): number {
    const ev = this.current;
    const cancelled = this.cancelled;
    const start = this.events;
    this.stopped = false;
    if (until === Infinity && inclusive) {
      // Running to the end (a whole run): the same loop without the bound's test on every event.
      while (!this.stopped && this.next(ev)) {
        if (cancelled.size > 0 && cancelled.delete(ev.seq)) continue;
        this.now = ev.time;
        this.events++;
        handler(ev.kind, ev.arg);
      }
      return this.events - start;
    }
    for (;;) {
      const t = this.nextTime();
      if (!(inclusive ? t <= until : t < until) || this.stopped) break;
      this.next(ev);
      if (cancelled.size > 0 && cancelled.delete(ev.seq)) continue;
      this.now = ev.time;
      this.events++;
      handler(ev.kind, ev.arg);
    }
    if (this.pending > 0 && until !== Infinity && !this.stopped && until > this.now) this.now = until;
    return this.events - start;
  }
}
