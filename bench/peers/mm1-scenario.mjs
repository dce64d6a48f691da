// The peers' M/M/1 as an infersim scenario (arrivals 0.9/s, exponential service of mean 1 s, rho
// 0.9, one replica, `customers` expected customers, one series interval over the whole run), for
// every bench that runs it: bench/peers/infersim-mm1.mjs and bench/allocations.mjs.
export function mm1Scenario(customers, { energy = true } = {}) {
  const lambda = 0.9;
  return {
    seed: 1,
    durationS: customers / lambda,
    slaMs: 1e9,
    pipeline: { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 1, cores: 1, latencyMs: { 1: 1000 }, serviceDist: { type: 'exponential' } }] }] },
    workload: { type: 'poisson', rps: lambda },
    policy: { name: 'static', config: [{ variant: 'v', batch: 1, replicas: 1 }] },
    serving: { adaptationIntervalS: 1e9 },
    metrics: { seriesIntervalS: customers / lambda, ...(energy ? {} : { energy: false }) },
  };
}
