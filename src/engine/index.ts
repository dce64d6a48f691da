export { Engine, type EventHandler } from './engine.js';
export { EventHeap, type PoppedEvent } from './event-heap.js';
