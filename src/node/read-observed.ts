import { parseObservedSeries, type ObservedSeries } from '../calibrate/observed.js';
import { readTextFile } from './read-file.js';

/**
 * Reads observed per-interval series for `infersim calibrate` from a CSV or JSON file (see
 * `parseObservedSeries` for the format); errors name the file and the column or row.
 */
export function readObservedSeries(file: string): ObservedSeries {
  return parseObservedSeries(readTextFile(file, '--observed'), file);
}
