// The sweep code reads JSON through the one Node helper for user files.
export { readJsonFile } from '../read-file.js';
