import type { SimulationResult } from '../sim/result.js';

const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** A short human-readable report of a run. */
export function formatSummary(r: SimulationResult): string {
  const s = r.summary;
  const lines = [
    `${r.name}  (policy ${r.policy}, seed ${r.seed})`,
    `  requests      ${s.requests}  completed ${s.completed}  dropped ${s.dropped}${s.unfinished ? `  unfinished ${s.unfinished}` : ''}`,
    `  SLA violated  ${s.slaViolations}  (${fmt(s.slaViolationRate * 100)} %)`,
    `  latency ms    mean ${fmt(s.latencyMs.mean, 1)}  p50 ${fmt(s.latencyMs.p50, 1)}  p95 ${fmt(s.latencyMs.p95, 1)}  p99 ${fmt(s.latencyMs.p99, 1)}`,
    `  accuracy      ${fmt(s.accuracy, 4)}`,
    `  cost          ${fmt(s.costCores)} cores on average  (${fmt(s.coreSeconds, 0)} core-s)`,
    `  energy        ${fmt(s.energyJ, 0)} J  (${fmt(s.energyPerRequestJ, 3)} J/request, ${fmt(s.meanPowerW, 1)} W)${s.carbonG ? `  carbon ${fmt(s.carbonG, 2)} g` : ''}`,
    `  reconfigured  ${s.reconfigurations} times${s.replicasDelayedByCapacity ? `; ${s.replicasDelayedByCapacity} replicas waited ${fmt(s.capacityWaitS, 1)} s for cores` : ''}`,
    `  simulated     ${fmt(s.simulatedS, 1)} s, ${s.events} events in ${fmt(r.timing.wallMs, 0)} ms`,
  ];
  return lines.join('\n');
}
