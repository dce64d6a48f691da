// M/M/1 as a bare hand-written JS loop of infersim's design: a binary heap of event times in typed
// arrays (ties by sequence), seedrandom alea streams, a ring of waiting arrival times. Prints JSON.
import seedrandom from 'seedrandom';

const customers = Number(process.argv[2] ?? 1e6);
const lambda = 0.9;
const mu = 1;
const t0 = performance.now();
const c0 = process.cpuUsage();
const arrivals = seedrandom.alea('arrivals');
const service = seedrandom.alea('service');
const exp = (u, rate) => -Math.log(1 - u()) / rate;
let cap = 1024;
let time = new Float64Array(cap);
let seq = new Float64Array(cap);
let kind = new Int32Array(cap);
let n = 0;
let nextSeq = 0;
function push(t, k) {
  if (n === cap) {
    cap *= 2;
    const a = new Float64Array(cap); a.set(time); time = a;
    const b = new Float64Array(cap); b.set(seq); seq = b;
    const c = new Int32Array(cap); c.set(kind); kind = c;
  }
  const s = nextSeq++;
  let i = n++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (time[p] < t || (time[p] === t && seq[p] < s)) break;
    time[i] = time[p]; seq[i] = seq[p]; kind[i] = kind[p];
    i = p;
  }
  time[i] = t; seq[i] = s; kind[i] = k;
}
let popTime = 0;
function pop() {
  popTime = time[0];
  const k = kind[0];
  const last = --n;
  if (last > 0) {
    const t = time[last], s = seq[last], kk = kind[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (time[r] < time[c] || (time[r] === time[c] && seq[r] < seq[c]))) c = r;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      time[i] = time[c]; seq[i] = seq[c]; kind[i] = kind[c];
      i = c;
    }
    time[i] = t; seq[i] = s; kind[i] = kk;
  }
  return k;
}
let qcap = 1024;
let queue = new Float64Array(qcap);
let head = 0;
let qlen = 0;
let busy = false;
let inService = 0;
let arrived = 0;
let done = 0;
let latencySum = 0;
push(exp(arrivals, lambda), 0);
arrived++;
while (n > 0) {
  const k = pop();
  const now = popTime;
  if (k === 0) {
    if (arrived < customers) { push(now + exp(arrivals, lambda), 0); arrived++; }
    if (!busy) { busy = true; inService = now; push(now + exp(service, mu), 1); }
    else {
      if (qlen === qcap) { const q = new Float64Array(qcap * 2); for (let i = 0; i < qlen; i++) q[i] = queue[(head + i) % qcap]; queue = q; head = 0; qcap *= 2; }
      queue[(head + qlen++) % qcap] = now;
    }
  } else {
    done++;
    latencySum += now - inService;
    if (qlen > 0) { inService = queue[head]; head = (head + 1) % qcap; qlen--; push(now + exp(service, mu), 1); }
    else busy = false;
  }
}
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ peer: 'bare JS loop', customers: done, simS: s, cpuS: (c.user + c.system) / 1e6, meanLatency: latencySum / done }));
