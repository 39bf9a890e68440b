/**
 * The cross-check of the registry's models, part 2 of 2 (two files, so that vitest can run them side by side where it has more than one worker): see cases.ts.
 */
import { describeCrossCheck } from './cases.js';

describeCrossCheck(1, 2);
