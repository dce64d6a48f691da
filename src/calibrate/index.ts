/**
 * Calibration: fit a profile's uncertain parameters (cores per replica, latency scale and batch
 * slope, service noise, start-up delay) to per-interval series observed on a real system.
 * Browser-safe; `infersim calibrate` and `readObservedSeries` (infersim/node) read files.
 * @packageDocumentation
 */
export { calibrate, formatCalibrationError, type CalibrationOptions, type CalibrationResult, type CalibrationError, type MetricError } from './calibrate.js';
export { OBSERVED_METRICS, parseObservedSeries, validateObservedSeries, sliceObservedSeries, type ObservedMetric, type ObservedSeries } from './observed.js';
export {
  CALIBRATION_PARAMETERS,
  DEFAULT_RANGES,
  applyParameters,
  resolveRanges,
  type CalibrationParameter,
  type ParameterRange,
  type ParameterValues,
} from './parameters.js';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.js';
