import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { propertyTraceText, textReport } from '../../counterexamples/text.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { sender } from './fixtures.js';

describe('text counterexamples', () => {
  it("dieHard's report lists every verdict and the 7-state trace that solves the puzzle", () => {
    const model = dieHard();
    expect(textReport(model, check(model))).toMatchInlineSnapshot(`
      "dieHard(small=3,big=5,target=4): 16 distinct states, 97 generated, depth 8, complete
        always       type ok: holds
        always       big jug never holds 4: violated (trace of 7 states)
        deadlockFree deadlock free: holds

      dieHard(small=3,big=5,target=4): 'big jug never holds 4' violated (trace of 7 states)
      State 1 (initial)
        small = 0
        big = 0
      Step 1: FillBig → state 2
        big: 0 → 5
      Step 2: BigToSmall → state 3
        small: 0 → 3
        big: 5 → 2
      Step 3: EmptySmall → state 4
        small: 3 → 0
      Step 4: BigToSmall → state 5
        small: 0 → 2
        big: 2 → 0
      Step 5: FillBig → state 6
        big: 0 → 5
      Step 6: BigToSmall → state 7   <-- violates 'big jug never holds 4'
        small: 2 → 3
        big: 5 → 4"
    `);
  });

  it('a growth witness prints its prefix and then one line for the repeated rounds', () => {
    const model = sender();
    const pr = check(model).properties[0];
    expect(propertyTraceText(model, pr)).toMatchInlineSnapshot(`
      "sender: 'queue ≤ 2' unbounded (+1 message per round)
      State 1 (initial)
        ready = false
        q = ⟨⟩
      Step 1: Prepare → state 2
        ready: false → true
      Step 2: Send → state 3
        ready: true → false
        q: ⟨⟩ → ⟨1⟩
      Step 3: Prepare → state 4
        ready: false → true
      Step 4: Send → state 5
        ready: true → false
        q: ⟨1⟩ → ⟨1, 1⟩
      Step 5: Prepare → state 6
        ready: false → true
      Step 6: Send → state 7   <-- exceeds the bound of 'queue ≤ 2': measure 3
        ready: true → false
        q: ⟨1, 1⟩ → ⟨1, 1, 1⟩
      Growth witness: steps 5–6 repeated from state 7, 5 more rounds, each enabled, measure 3 → 4 → 5 → 6 → 7 → 8 (+1 message per round): the measure is unbounded."
    `);
  });
});
