export { replyCorrectness, type ReplyCorrectnessOptions } from './replyCorrectness.js';
export { kernelMemoryBound } from './kernelMemoryBound.js';
