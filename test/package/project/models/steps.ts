/** The grid's two steps: an enum and an interface, which only TypeScript has. */
export enum Step {
  X = 'IncX',
  Y = 'IncY',
}

export interface Inc {
  readonly kind: Step;
}
