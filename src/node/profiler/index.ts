/**
 * The profiler behind `infersim profile`: measures a workload's latency (and package energy where
 * RAPL is readable) per batch size and core count, and writes a profile. Node-only.
 * @packageDocumentation
 */
export { runProfile, type ProfileRun, type ProfileMeasurement, type ProfileEnergyInfo } from './profile.js';
export { validateProfileOptions, type ProfileOptions, type ProfileSettings, type PowerModel, type EnergySourceOption } from './options.js';
export { openEnergyMeter, powercapMeter, startPerfMeter, type EnergyMeter, type EnergyWindow, type EnergyMeterProbe, type EnergyMeterOptions } from './energy-meter.js';
export { latencyStats, type LatencyStats } from './stats.js';
