export { isolation } from './isolation.js';
export { privilege } from './privilege.js';
export { kernelMediated } from './kernelMediated.js';
export { machineProperties, MACHINE_HOLDS } from './machine.js';
