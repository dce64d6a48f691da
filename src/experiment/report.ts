/**
 * Reports as data: the browser-safe half of `infersim report`. {@link buildReport} turns rows and
 * series into tables and figure specs, {@link reportHtml} into a self-contained page;
 * `writeReport` in `infersim/node` reads results, renders SVGs and writes the files.
 * @module
 */
export { buildReport, REPORT_METRICS, type ReportInput, type ReportModel, type ReportFigure, type ReportGroup, type ReportMetric, type ReportRow } from './report-model.js';
export { reportHtml, escapeHtml, formatSeeds } from './report-html.js';
export { resultRow } from './report-row.js';
