export { hwShape, initialHw, trap, writePtbr, returnToUser, userAccess, type Hw, type HwConfig } from './cpu.js';
export { pteShape, pageTableShape, translate, mapsFrame, mapPage, type Pte, type PageTable, type Translation } from './pageTable.js';
