/**
 * The cross-check of the registry's models, part 1 of 2 (the parts run side by side): see cases.ts.
 */
import { describeCrossCheck } from './cases.js';

describeCrossCheck(0, 2);
