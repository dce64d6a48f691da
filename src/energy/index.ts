// Browser-safe energy: power models, carbon intensity, and readers of measured energy logs.
export * from './power-model.js';
export * from './carbon.js';
export * from './energy-log.js';
export { parseEnergyLog, detectEnergyLogFormat, ENERGY_LOG_FORMATS, type EnergyLogInputFormat, type ParseEnergyLogOptions } from './parse-energy-log.js';
export { parsePerfStat, detectPerfStatFormat, type PerfStatFormat, type ParsePerfStatOptions } from './perf-stat.js';
export { parseNvidiaSmi, type ParseNvidiaSmiOptions } from './nvidia-smi.js';
export { energyDeltaUj, parseMicrojoules, powercapEnergyLog, type PowercapReading } from './powercap.js';
export { joulesBetween, coversWindow } from './joules-between.js';
export { parseLocaleNumber } from './locale-number.js';
