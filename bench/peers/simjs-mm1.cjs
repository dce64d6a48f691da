// M/M/1 in SIM.JS (npm simjs): an entity generating customers that use a FCFS facility. Prints JSON.
const customers = Number(process.argv[2] ?? 1e6);
globalThis.window = globalThis.window ?? {};
require('simjs'); // a browser bundle: it exports through window.Sim
const { Sim, Entity, Facility, Random } = globalThis.window.Sim;
const t0 = performance.now();
const c0 = process.cpuUsage();
const sim = new Sim();
const server = new Facility('server');
const random = new Random(1);
let done = 0;
let latencySum = 0;
let arrived = 0;
class Generator extends Entity {
  start() {
    this.next();
  }
  next() {
    if (arrived >= customers) return;
    arrived++;
    this.setTimer(random.exponential(0.9)).done(() => {
      const born = this.time();
      this.useFacility(server, random.exponential(1)).done(() => {
        done++;
        latencySum += this.time() - born;
      });
      this.next();
    });
  }
}
sim.addEntity(Generator);
sim.simulate(Infinity);
const s = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ peer: 'SIM.JS', customers: done, simS: s, cpuS: (c.user + c.system) / 1e6, meanLatency: latencySum / done }));
