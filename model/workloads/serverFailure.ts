/**
 * Workload: a client calling a middle server that calls a back server before it replies (card
 * M12 F3 and F4). The back server answers, or takes the request and never replies (it goes on
 * running without replying), or takes it and dies (its program ends holding the request).
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Variants: `back=never` (F3): the middle server and the client wait for ever for their replies;
 * a design that lets a caller's wait time out frees them. `back=dies` (F3, F4): where a design
 * tells the caller of a dead server (Singularity's ChannelClosed) the middle server answers the
 * client anyway; a caller without that case dies in turn, and its own caller after it.
 */
import { answer, forever, prepare, reply, rpc, serve, touch, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(singularity({ closedCase: false }), serverFailure.build({ back: 'dies' }));
 */
export const serverFailure = defineWorkload({
  id: 'serverFailure',
  title: 'a client calling through a middle server to a back server that may never reply, or die',
  params: { back: { type: 'enum', values: ['replies', 'never', 'dies'], doc: 'the back server replies, takes the request and never replies, or takes it and dies' } },
  defaults: { back: 'replies' },
  build: (c) => {
    const back = c.back as string;
    const backProgram: ProgramStep[] = back === 'replies' ? [forever(serve('back'), answer(), reply())] : back === 'never' ? [serve('back'), forever(touch(0))] : [serve('back')];
    return {
      name: `serverFailure(back=${back})`,
      threads: [
        { name: 'client', space: 'C', program: [prepare(), rpc('mid')] },
        { name: 'middle', space: 'M', program: [forever(serve('mid'), answer(), rpc('back'), answer(), reply())] },
        { name: 'back', space: 'B', program: backProgram, watch: false },
      ],
      objects: [
        { name: 'mid', kind: 'service' },
        { name: 'back', kind: 'service' },
      ],
      values: 1,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
