/**
 * Reports in Node: SVG rendering of Vega-Lite specs without a browser, reading sweep and run
 * results, and writing the HTML report (`infersim report`).
 * @module
 */
export { renderSvg, prefixSvgIds, type RenderSvgOptions } from './render-svg.js';
export { renderPng, canRenderPng, PNG_RENDERER, type RenderPngOptions } from './render-png.js';
export { renderPdf, canRenderPdf, type RenderPdfOptions } from './render-pdf.js';
export { writeFigure, withSvgTitle, type WriteFigureOptions, type WrittenFigure } from './write-figure.js';
export { readResults, type LoadedResults } from './read-results.js';
export { writeReport, type WriteReportOptions, type WrittenReport } from './write-report.js';
export { infersimVersion } from './version.js';
